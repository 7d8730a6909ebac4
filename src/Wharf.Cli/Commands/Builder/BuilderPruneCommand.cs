using System.CommandLine;
using Wharf.Build.Dockerfile;
using Wharf.Build.State;
using Wharf.Oci;

namespace Wharf.Cli.Commands.Builder;

/// <summary><c>wharf builder prune [-a] [--filter until=24h] [--keep-storage 10gb] [-f]</c>: docker's flags and output.
/// It asks first unless <c>-f</c>; where nobody can answer (standard input is not a terminal, or <c>$CI</c> is set) it
/// refuses in one line instead of waiting. While builds hold the state it removes nothing and says so (exit 1) rather
/// than wait: waiting would hold back every build that starts meanwhile, for as long as the longest running one.</summary>
internal static class BuilderPruneCommand
{
    public static Command Create()
    {
        var all = new Option<bool>("--all", "-a") { Description = "Remove base images too, not just the build cache." };
        var filter = new Option<string[]>("--filter") { Description = "until=DURATION: keep what was used within DURATION, e.g. 24h or 2h30m." };
        var keepStorage = new Option<string?>("--keep-storage") { Description = "Stop once the state takes at most this much, e.g. 10gb: the least recently used goes first." };
        var force = new Option<bool>("--force", "-f") { Description = "Do not prompt for confirmation." };
        var state = BuilderCommand.StateOption();
        var command = new Command("prune", "Remove build cache (and with --all, base images) from the builder's state.") { all, filter, keepStorage, force, state };
        command.SetAction((result, ct) => CommandRunner.RunAsync("builder prune", async () =>
        {
            var options = new StatePruneOptions
            {
                All = result.GetValue(all),
                Until = Until(result.GetValue(filter) ?? []),
                KeepStorage = result.GetValue(keepStorage) is { } keep
                    ? ByteSize.Parse(keep) ?? throw new ArgumentException($"--keep-storage {keep}: use a size like 512mb or 10gb")
                    : null,
            };
            var directory = BuilderCommand.StateDirectory(result, state);
            if (!result.GetValue(force) && !await ConfirmAsync(options.All))
            {
                await Console.Error.WriteLineAsync("wharf builder prune: cancelled; nothing was removed");
                return 0;
            }

            var pruned = await BuilderState.PruneAsync(directory, options, ct);
            if (pruned.Busy)
            {
                throw new IOException($"builds are running on {directory} (they hold its lock): nothing was removed; prune again once they have ended");
            }

            foreach (var failure in pruned.Failures)
            {
                await Console.Error.WriteLineAsync($"wharf builder prune: could not remove {failure}");
            }

            if (pruned.Removed.Count > 0)
            {
                Console.WriteLine($"Deleted build cache objects: {string.Join(", ", pruned.Removed.OrderBy(r => r.Key).Select(r => $"{r.Value} {StateKindNames.Of(r.Key)}"))}");
            }

            Console.WriteLine($"Total reclaimed space: {Bytes.Format(pruned.Reclaimed)}");
            return pruned.Failures.Count > 0 ? 1 : 0;
        }));
        return command;
    }

    /// <summary>docker's filter keys: <c>until</c> (and its older name <c>unused-for</c>), a Go duration.</summary>
    private static TimeSpan? Until(IEnumerable<string> filters)
    {
        TimeSpan? until = null;
        foreach (var filter in filters)
        {
            var (key, value) = filter.Split('=', 2) is [var k, var v] ? (k, v) : (filter, "");
            if (key is not ("until" or "unused-for"))
            {
                throw new ArgumentException($"--filter {filter}: the filter this prune takes is until=DURATION (e.g. until=24h)");
            }

            until = GoDuration.Parse(value) ?? throw new ArgumentException($"--filter {filter}: {value} is not a duration like 24h or 2h30m");
        }

        return until;
    }

    /// <summary>Asks on the terminal, as docker does; refuses where nobody could answer.</summary>
    private static async Task<bool> ConfirmAsync(bool all)
    {
        var ci = Environment.GetEnvironmentVariable("CI") is { Length: > 0 } value && value is not ("false" or "0");
        if (Console.IsInputRedirected || ci)
        {
            throw new ArgumentException(
                $"{(ci ? "$CI is set" : "standard input is not a terminal")}, so it cannot ask before removing: pass -f (--force) to prune without asking");
        }

        await Console.Error.WriteAsync(all
            ? "WARNING! This will remove all build cache, base images included. Are you sure you want to continue? [y/N] "
            : "WARNING! This will remove the build cache (base images stay: --all removes them too). Are you sure you want to continue? [y/N] ");
        return (await Console.In.ReadLineAsync())?.Trim().ToLowerInvariant() is "y" or "yes";
    }
}
