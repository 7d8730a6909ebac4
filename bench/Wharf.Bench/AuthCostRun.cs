using Wharf.Bench.Workloads;

namespace Wharf.Bench;

/// <summary>
/// <c>run --auth</c> (bench/run.sh --auth): what authentication costs on manifest GETs. Every target gets the small
/// images of workload 4 (timed, reported as information), then workload 5 runs <see cref="BenchSettings.AuthRounds"/>
/// times on every target, the order reversed every other round so that no target always meets the machine first or
/// last. Before each round a token target forgets its tokens and the realm, as a new docker process would: its first
/// GETs get the 401 challenge, one token is fetched for <c>repository:bench/small:pull</c> (the other clients wait for
/// it) during the warm-up and reused for the whole measurement; the fetches are counted per round.
/// </summary>
internal static class AuthCostRun
{
    /// <summary>Tokens fetched from the realm during one round (warm-up and measurement) by a token target.</summary>
    public const string TokenFetches = "token-fetches";

    public delegate Task<bool> RunWorkload(Workload workload, BenchTarget target, ResultBook book);

    /// <summary>Returns one book per round (the seed pushes go into <paramref name="book"/>) and whether any workload failed.</summary>
    public static async Task<(IReadOnlyList<ResultBook> Rounds, bool AnyFailed)> RunAsync(
        BenchSettings settings, IReadOnlyList<BenchTarget> targets, ResultBook book, RunWorkload run, CancellationToken ct)
    {
        var live = targets.Where(t => t.Unavailable is null).ToList();
        var failed = false;
        var seed = new Workload("seed: small image pushes", [SmallImageWorkload.Key], settings.TimeoutFor(0), SmallImageWorkload.RunAsync);
        foreach (var target in live)
        {
            ct.ThrowIfCancellationRequested();
            failed |= !await run(seed, target, book);
        }

        var rounds = new List<ResultBook>();
        for (var round = 1; round <= settings.AuthRounds; round++)
        {
            var roundBook = new ResultBook();
            var gets = new Workload($"manifest GETs, round {round}/{settings.AuthRounds}",
                [ManifestGetWorkload.Rate, ManifestGetWorkload.P50, ManifestGetWorkload.P99], settings.TimeoutFor(0), ManifestGetWorkload.RunAsync);
            foreach (var target in round % 2 == 1 ? live : Enumerable.Reverse(live))
            {
                ct.ThrowIfCancellationRequested();
                target.Auth?.ForgetTokens();
                var before = target.Auth?.TokenFetches ?? 0;
                failed |= !await run(gets, target, roundBook);
                if (target.Auth is { Mode: RegistryAuth.Token } auth)
                {
                    var fetches = auth.TokenFetches - before;
                    roundBook.Record(target.Name, TokenFetches, new Measurement(fetches));
                    Console.Error.WriteLine($"[{target.Name}] {gets.Name}: {fetches} token(s) fetched from the realm (warm-up and measurement)");
                }
            }
            rounds.Add(roundBook);
        }
        return (rounds, failed);
    }
}
