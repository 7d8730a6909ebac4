using System.CommandLine;
using Wharf.Cli.Api;
using Wharf.Cli.Output;

namespace Wharf.Cli.Commands.Accounts;

/// <summary><c>wharf visibility REPO [public|private]</c>: shows, or sets, whether anyone may pull a repository
/// without logging in. Repositories are private until made public.</summary>
internal static class VisibilityCommand
{
    public static Command Create()
    {
        var repository = new Argument<string>("repository") { Description = "The repository, REPO or HOST[:PORT]/REPO (then --server may be left out)." };
        var state = new Argument<string?>("visibility") { Description = "public or private; left out, the current one is shown.", Arity = ArgumentArity.ZeroOrOne };
        state.AcceptOnlyFromAmong("public", "private");
        return ApiCommand.Create("visibility", "Show or set whether a repository can be pulled without logging in.", [repository, state], async call =>
        {
            var visibility = call.Get(state) is { } wanted
                ? await call.Client.SetVisibilityAsync(call.Repository!, wanted == "public", call.Ct)
                : await call.Client.GetVisibilityAsync(call.Repository!, call.Ct);
            if (call.Json)
            {
                JsonOutput.Write(visibility, ApiJson.Default);
                return;
            }

            Console.WriteLine($"{visibility.Repository} is {(visibility.Public ? "public" : "private")}");
        }, json: true, repository: repository);
    }
}
