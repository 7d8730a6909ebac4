using System.Net;

namespace Wharf.Bench.Tokens;

/// <summary>
/// <c>run --tokens</c> (bench/run.sh --tokens): how many token requests a Wharf with auth answers per second when
/// clients send the same valid credentials again and again (issue 8: ≥ 500/s for every kind), and what it does with a
/// wrong password repeated. Per target: the accounts are set up over the API (<see cref="TokenAccounts"/>), then each
/// <see cref="TokenKind"/> runs in turn (<see cref="TokenLoad"/>), the wrong password last.
/// </summary>
internal static class TokenRun
{
    public static async Task<(IReadOnlyList<TokenResult> Results, bool AnyFailed)> RunAsync(BenchSettings settings, IReadOnlyList<BenchTarget> targets, CancellationToken ct)
    {
        var credentials = Environment.GetEnvironmentVariable(BenchTarget.CredentialsVariable) ?? "";
        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new ArgumentException($"the token run needs {BenchTarget.CredentialsVariable}=admin:password");
        }
        // A client of its own, without the targets' auth handlers: every request carries exactly what a kind sends.
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1024,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
            UseCookies = false,
        });
        var results = new List<TokenResult>();
        var failed = false;
        foreach (var target in targets.Where(t => t.Unavailable is null))
        {
            TokenAccounts accounts;
            try
            {
                accounts = await TokenAccounts.SetUpAsync(http, target, credentials[..colon], credentials[(colon + 1)..], ct);
            }
            catch (Exception error) when (!ct.IsCancellationRequested)
            {
                var reason = $"accounts could not be set up: {ErrorTally.Describe(error).Message}";
                Console.Error.WriteLine($"[{target.Name}] tokens: {reason}");
                results.AddRange(TokenKind.All.Select(kind => TokenResult.Failed(target.Name, kind, reason)));
                failed = true;
                continue;
            }
            foreach (var kind in TokenKind.All)
            {
                ct.ThrowIfCancellationRequested();
                Sync.All();
                var result = await RunOneAsync(http, target, accounts, kind, settings, ct);
                failed |= result.Rate is null;
                results.Add(result);
                Console.Error.WriteLine($"[{target.Name}] tokens, {kind.Key}: " + (result.Rate is double rate
                    ? $"{rate:F0} req/s, p50 {result.P50Ms:F2} ms, p99 {result.P99Ms:F2} ms, CPU {result.CpuMicros:F0} µs/req; {result.Statuses}; {result.Profile}"
                    : $"FAILED: {result.Failure}"));
            }
        }
        return (results, failed);
    }

    private static async Task<TokenResult> RunOneAsync(HttpClient http, BenchTarget target, TokenAccounts accounts, TokenKind kind, BenchSettings settings, CancellationToken ct)
    {
        if (!target.IsAlive)
        {
            return TokenResult.Failed(target.Name, kind, "server process has exited (see its log)");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.TimeoutFor(0));
        try
        {
            return await TokenLoad.RunAsync(http, target, accounts, kind, settings, timeout.Token);
        }
        catch (Exception error) when (!ct.IsCancellationRequested)
        {
            return TokenResult.Failed(target.Name, kind, timeout.IsCancellationRequested ? "timed out" : ErrorTally.Describe(error).Message);
        }
    }
}
