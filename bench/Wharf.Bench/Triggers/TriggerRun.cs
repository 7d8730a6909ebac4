using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Wharf.Bench.Triggers;

/// <summary>
/// <c>run --triggers</c> (bench/run.sh --triggers, issue 10): on one Wharf with auth, a trigger on a git repository
/// (file://, under <c>WHARF_BENCH_GIT_ROOT</c>, which the server also serves as the build-on-pull host <c>benchgit</c>):
/// <list type="number">
/// <item>webhook to pullable: commit, POST the generic webhook, poll the tag (HEAD, every 5 ms) until it names the new
/// image; the time from the POST to that answer minus the build's own time (its <c>startedAt</c> to
/// <c>finishedAt</c>: fetch, build, push) is what Wharf adds — target under 1 s;</item>
/// <item>manifest GETs of a built <c>git/…</c> reference (by branch, by commit) against an ordinary tag, interleaved
/// rounds — target within 2× of the ordinary tag;</item>
/// <item>the webhook receiver's requests per second: valid deliveries of a deleted branch (verified, parsed, nothing
/// built).</item>
/// </list>
/// </summary>
internal static class TriggerRun
{
    public const string GitRootVariable = "WHARF_BENCH_GIT_ROOT";
    private const string Repository = "admin/app";
    private const string GitImage = "git/benchgit/bench/app";

    public static async Task<(string Report, bool Failed)> RunAsync(BenchTarget target, CancellationToken ct)
    {
        var credentials = Environment.GetEnvironmentVariable(BenchTarget.CredentialsVariable) ?? "";
        var root = Environment.GetEnvironmentVariable(GitRootVariable)
            ?? throw new ArgumentException($"the trigger run needs {GitRootVariable}: the directory the server's benchgit host is");
        var rounds = BenchRuns.Number("BENCH_TRIGGER_ROUNDS", 10);
        var gets = BenchRuns.Number("BENCH_TRIGGER_GETS", 2000);
        var seconds = BenchRuns.Number("BENCH_TRIGGER_SECONDS", 10);
        var clients = BenchRuns.Number("BENCH_TRIGGER_CLIENTS", 8);
        using var http = BenchRuns.Client(target.BaseUri);
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        var report = new StringBuilder();
        try
        {
            var git = new BenchGitRepository(Path.Combine(root, "bench", "app"));
            await git.CommitAsync("FROM scratch\nCOPY n.txt /n.txt\n", "0", ct);
            var created = await JsonAsync(http, HttpMethod.Post, "/api/v1/triggers", basic,
                $$"""{"repository":"{{Repository}}","gitUrl":"file://{{git.Directory}}"}""", ct);
            var webhook = new Uri(created["trigger"]!["webhookUrl"]!.GetValue<string>()).PathAndQuery;
            var secret = created["webhookSecret"]!.GetValue<string>();
            var token = await RegistryTokenAsync(http, basic, ct);

            // 1. Webhook to pullable (one round to warm up, not counted).
            var overheads = new List<double>();
            var buildTimes = new List<double>();
            string? previous = null;
            for (var round = 0; round <= rounds; round++)
            {
                var commit = await git.CommitAsync(null, $"{round + 1}", ct);
                var clock = Stopwatch.StartNew();
                var answer = await PostWebhookAsync(http, webhook, secret, commit, ct);
                var build = answer["builds"]![0]!["buildId"]!.GetValue<long>();
                string digest;
                while ((digest = await HeadDigestAsync(http, token, Repository, "latest", ct) ?? "") == "" || digest == previous)
                {
                    await Task.Delay(5, ct);
                }

                var elapsed = clock.Elapsed.TotalMilliseconds;
                previous = digest;
                // The tag moves before the worker records the end (push, then flush the log, then the state): wait for it.
                JsonNode info;
                while ((info = await JsonAsync(http, HttpMethod.Get, $"/api/v1/builds/{build}", basic, null, ct))["finishedAt"] is null)
                {
                    await Task.Delay(5, ct);
                }

                var own = (Time(info["finishedAt"]) - Time(info["startedAt"])).TotalMilliseconds;
                if (round > 0)
                {
                    overheads.Add(elapsed - own);
                    buildTimes.Add(own);
                }
            }

            report.AppendLine("| measure | figure | target |");
            report.AppendLine("|---|---|---|");
            report.AppendLine(CultureInfo.InvariantCulture, $"| Webhook to pullable, minus the build's own time: median of {rounds} pushes | {Median(overheads):0} ms (max {overheads.Max():0} ms) | < 1000 ms — {(Median(overheads) < 1000 ? "met" : "**missed**")} |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| the build's own time (fetch, build, push): median | {Median(buildTimes):0} ms | info |");

            // 2. Manifest GETs of a built git/ reference against an ordinary tag.
            var head = await git.HeadAsync(ct);
            while (await HeadDigestAsync(http, token, GitImage, "main", ct) is null)
            {
                // The first pull builds it (and answers 404 "being built" if that takes longer than the wait).
            }

            var kinds = new (string Name, string Repository, string Reference)[]
            {
                ("ordinary tag", Repository, "latest"), ("git/… by branch", GitImage, "main"), ("git/… by commit", GitImage, head),
            };
            var latencies = kinds.ToDictionary(k => k.Name, _ => new List<double>());
            for (var round = 0; round < 3; round++)
            {
                foreach (var kind in kinds)
                {
                    latencies[kind.Name].AddRange(await GetLatenciesAsync(http, token, kind.Repository, kind.Reference, gets, clients, ct));
                }
            }

            var ordinary = BenchRuns.Percentile(latencies["ordinary tag"], 0.5);
            foreach (var kind in kinds)
            {
                var values = latencies[kind.Name];
                var p50 = BenchRuns.Percentile(values, 0.5);
                var target50 = kind.Name == "ordinary tag" ? "baseline" : $"≤ 2× ordinary — {(p50 <= 2 * ordinary ? "met" : "**missed**")} ({p50 / ordinary:0.00}×)";
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"| Manifest GET, {kind.Name}, {clients} clients: p50 / p99 | {p50:0.00} ms / {BenchRuns.Percentile(values, 0.99):0.00} ms | {target50} |");
            }

            // 3. The webhook receiver: deliveries of a deleted branch, verified and parsed, building nothing.
            var (count, errors, receiverLatencies) = await WebhookLoadAsync(http, webhook, secret, seconds, clients * 2, ct);
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| Webhook receiver, {clients * 2} clients for {seconds} s: requests/s (p50 / p99) | {count / (double)seconds:0} req/s ({BenchRuns.Percentile(receiverLatencies, 0.5):0.0} / {BenchRuns.Percentile(receiverLatencies, 0.99):0.0} ms){(errors > 0 ? $" ({errors} errors)" : "")} | info |");
            return (report.ToString(), false);
        }
        catch (Exception error) when (!ct.IsCancellationRequested)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"FAILED: {error.GetType().Name}: {error.Message}");
            Console.Error.WriteLine(error);
            return (report.ToString(), true);
        }
    }

    private static async Task<JsonNode> PostWebhookAsync(HttpClient http, string webhook, string secret, string commit, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook)
        {
            Content = new StringContent($$"""{"ref":"refs/heads/main","after":"{{commit}}"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Wharf-Token", secret);
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        return response.StatusCode == HttpStatusCode.Accepted
            ? JsonNode.Parse(body)!
            : throw new InvalidOperationException($"POST {webhook}: {(int)response.StatusCode} {body}");
    }

    private static async Task<(long Count, long Errors, List<double> Latencies)> WebhookLoadAsync(
        HttpClient http, string webhook, string secret, int seconds, int clients, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes("""{"ref":"refs/heads/gone","after":"0000000000000000000000000000000000000000"}""");
        long count = 0, errors = 0;
        var latencies = new List<double>();
        var end = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            var mine = new List<double>();
            while (end.Elapsed.TotalSeconds < seconds)
            {
                var started = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Post, webhook) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Add("X-Wharf-Token", secret);
                using var response = await http.SendAsync(request, ct);
                await response.Content.CopyToAsync(Stream.Null, ct);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref count);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }

            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        }));
        return (count, errors, latencies);
    }

    private static async Task<List<double>> GetLatenciesAsync(HttpClient http, string token, string repository, string reference, int total, int clients, CancellationToken ct)
    {
        var left = total;
        var all = new List<double>();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            var mine = new List<double>();
            while (Interlocked.Decrement(ref left) >= 0)
            {
                var started = Stopwatch.GetTimestamp();
                using var request = ManifestRequest(HttpMethod.Get, token, repository, reference);
                using var response = await http.SendAsync(request, ct);
                await response.Content.CopyToAsync(Stream.Null, ct);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"GET {repository}:{reference}: {(int)response.StatusCode}");
                }

                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            lock (all)
            {
                all.AddRange(mine);
            }
        }));
        return all;
    }

    private static async Task<string?> HeadDigestAsync(HttpClient http, string token, string repository, string reference, CancellationToken ct)
    {
        using var request = ManifestRequest(HttpMethod.Head, token, repository, reference);
        using var response = await http.SendAsync(request, ct);
        return response.StatusCode == HttpStatusCode.OK ? response.Headers.GetValues("Docker-Content-Digest").Single() : null;
    }

    private static HttpRequestMessage ManifestRequest(HttpMethod method, string token, string repository, string reference)
    {
        var request = new HttpRequestMessage(method, $"/v2/{repository}/manifests/{reference}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.index.v1+json");
        return request;
    }

    private static async Task<string> RegistryTokenAsync(HttpClient http, AuthenticationHeaderValue basic, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"/auth/token?service=wharf&scope=repository:{Repository}:pull&scope=repository:{GitImage}:pull");
        request.Headers.Authorization = basic;
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!["token"]!.GetValue<string>();
    }

    private static async Task<JsonNode> JsonAsync(HttpClient http, HttpMethod method, string path, AuthenticationHeaderValue basic, string? json, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = basic;
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        return response.IsSuccessStatusCode ? JsonNode.Parse(body)! : throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {body}");
    }

    private static DateTimeOffset Time(JsonNode? node) =>
        DateTimeOffset.Parse(node!.GetValue<string>(), CultureInfo.InvariantCulture);

    private static double Median(List<double> values) => BenchRuns.Percentile(values, 0.5);
}
