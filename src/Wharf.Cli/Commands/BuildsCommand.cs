using System.CommandLine;
using Wharf.Cli.Api;
using Wharf.Cli.Commands.Accounts;
using Wharf.Cli.Output;

namespace Wharf.Cli.Commands;

/// <summary><c>wharf builds list REPO</c>, <c>wharf builds log ID [--follow]</c>, <c>wharf builds cancel ID</c>,
/// <c>wharf builds retry ID [--follow]</c>: the history of builds on the server (submitted with <c>wharf build --server</c>
/// or queued by a trigger), a build's log, cancelling one, and building an ended one again.</summary>
internal static class BuildsCommand
{
    public static Command Create() => ApiCommand.Group("builds", "Builds on the server: a repository's history, a build's log, cancelling or retrying one.",
        List(), Log(), Cancel(), Retry());

    private static Command List()
    {
        var repository = new Argument<string>("repository") { Description = "REPO or HOST[:PORT]/REPO." };
        var limit = new Option<int>("--limit") { Description = "How many, newest first (1-100).", DefaultValueFactory = _ => 20 };
        return ApiCommand.Create("builds list", "A repository's builds, newest first: trigger, ref, commit, state, duration, digest.", [repository, limit], async call =>
        {
            var builds = await call.Client.ListBuildsAsync(call.Repository!, call.Get(limit), call.Ct);
            if (call.Json)
            {
                JsonOutput.Write(builds, ApiJson.Default);
                return;
            }

            var table = new TextTable("ID", "STATE", "TAGS", "WHY", "REF", "COMMIT", "DURATION", "DIGEST");
            foreach (var b in builds)
            {
                table.Add($"{b.Id}", b.State, string.Join(",", b.Tags), Why(b), b.SourceRef ?? b.Git?.Ref ?? "", Short(b.Git?.Commit, 12),
                    Duration(b), Short(b.ManifestDigest, 19));
            }

            table.Print(Console.Out);
        }, json: true, repository: repository);
    }

    private static Command Log()
    {
        var id = new Argument<long>("id") { Description = "The build's id." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing as the build runs, until it ends." };
        return ApiCommand.Create("builds log", "Print a build's log.", [id, follow], async call =>
        {
            if (call.Get(follow))
            {
                await FollowAsync(call.Client, call.Get(id), call.Ct);
                return;
            }

            Console.Write(await call.Client.ReadLogAsync(call.Get(id), call.Ct));
        });
    }

    private static Command Cancel()
    {
        var id = new Argument<long>("id") { Description = "The build's id." };
        return ApiCommand.Create("builds cancel", "Cancel a queued or running build.", [id], async call =>
        {
            var build = await call.Client.CancelBuildAsync(call.Get(id), call.Ct);
            Console.WriteLine(build.HasEnded ? $"build {build.Id} {build.State}" : $"build {build.Id}: cancel requested");
        });
    }

    private static Command Retry()
    {
        var id = new Argument<long>("id") { Description = "The id of a build that has ended (failed, cancelled or succeeded)." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Print the new build's log as it runs, until it ends." };
        return ApiCommand.Create("builds retry", "Build an ended build again: same context, tags and settings, as a new build.", [id, follow], async call =>
        {
            var build = await call.Client.RetryBuildAsync(call.Get(id), call.Ct);
            Console.WriteLine($"build {build.Id} queued, a retry of build {call.Get(id)}");
            if (call.Get(follow))
            {
                await FollowAsync(call.Client, build.Id, call.Ct);
            }
        });
    }

    /// <summary>Prints the build's log until it ends; a build that did not succeed is the command's one-line error.</summary>
    private static async Task FollowAsync(WharfApiClient client, long id, CancellationToken ct)
    {
        await client.FollowLogAsync(id, Console.WriteLine, ct);
        var ended = await client.GetBuildAsync(id, ct);
        if (ended.State != "succeeded")
        {
            throw new InvalidOperationException($"build {ended.Id} {ended.State}{(ended.Error is null ? "" : ": " + ended.Error)}");
        }
    }

    private static string Why(BuildStatus b) => b.TriggerId is { } t ? $"{b.Reason} (trigger {t})" : b.Reason ?? $"by {b.RequestedBy}";

    private static string Short(string? text, int length) => text is null ? "" : text.Length <= length ? text : text[..length];

    private static string Duration(BuildStatus b) =>
        b.StartedAt is { } start && b.FinishedAt is { } end ? $"{(end - start).TotalSeconds:0.0}s" : "";
}
