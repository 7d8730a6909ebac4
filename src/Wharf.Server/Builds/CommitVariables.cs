using Wharf.Registry.Builds;
using Wharf.Registry.Triggers;

namespace Wharf.Server.Builds;

/// <summary>Docker Hub's commit variables of a trigger's build that its push did not give (<see cref="TriggerBuilds"/>
/// leaves them empty): <c>COMMIT_MSG</c> from a generic webhook without a message, polling or "build now", and
/// <c>SOURCE_COMMIT</c> from a push naming only a ref, filled from the commit the worker checked out. And for the same
/// pushes, <c>[skip build]</c>, which <see cref="TriggerBuilds"/> could not see: a webhook or polled build of a commit
/// whose message says it ends without building ("build now", base-image rebuilds and retries build anyway).</summary>
public static class CommitVariables
{
    public const string Message = "COMMIT_MSG";
    public const string Commit = "SOURCE_COMMIT";

    /// <summary>The build args to build with: the spec's, with an empty <c>COMMIT_MSG</c> or <c>SOURCE_COMMIT</c> of a
    /// trigger's build filled from <paramref name="checkout"/>.</summary>
    public static IReadOnlyDictionary<string, string> Fill(BuildSpec spec, GitCheckout? checkout)
    {
        if (checkout is null || spec.TriggerId is null || !(Empty(spec, Message) || Empty(spec, Commit)))
        {
            return spec.BuildArgs;
        }

        var args = new Dictionary<string, string>(spec.BuildArgs, StringComparer.Ordinal);
        if (Empty(spec, Message))
        {
            args[Message] = checkout.Message;
        }

        if (Empty(spec, Commit))
        {
            args[Commit] = checkout.Commit;
        }

        return args;
    }

    /// <summary>Why the build ends without building; null when it builds.</summary>
    public static string? SkipReason(BuildSpec spec, GitCheckout checkout) =>
        spec.TriggerId is not null && spec.Reason is BuildReasons.Webhook or BuildReasons.Poll && Empty(spec, Message)
        && checkout.Message.Contains(TriggerBuilds.SkipMarker, StringComparison.OrdinalIgnoreCase)
            ? $"commit {checkout.Commit[..Math.Min(12, checkout.Commit.Length)]}'s message says {TriggerBuilds.SkipMarker}: nothing is built or pushed"
            : null;

    private static bool Empty(BuildSpec spec, string name) => spec.BuildArgs.TryGetValue(name, out var value) && value.Length == 0;
}
