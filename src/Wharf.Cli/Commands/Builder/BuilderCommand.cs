using System.CommandLine;
using Wharf.Cli.Build;

namespace Wharf.Cli.Commands.Builder;

/// <summary><c>wharf builder prune|du</c>: the local builder's state directory (<c>wharf build --state</c>), as
/// <c>docker builder</c> and <c>docker buildx</c> manage BuildKit's cache.</summary>
internal static class BuilderCommand
{
    public static Command Create() =>
        new("builder", "Manage the local builder's state: its build cache, base images and what stopped builds left.")
        {
            BuilderPruneCommand.Create(),
            BuilderDuCommand.Create(),
        };

    /// <summary>The same <c>--state</c> as <c>wharf build</c>'s, resolved the same way.</summary>
    public static Option<string?> StateOption() => new("--state")
    {
        Description = "The builder's state directory (default: as wharf build: $WHARF_BUILD_STATE, else /var/lib/wharf/build as root).",
    };

    public static string StateDirectory(ParseResult result, Option<string?> state) => BuildStateDirectory.Resolve(result.GetValue(state));
}
