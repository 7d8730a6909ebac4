using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Wharf.Bench.Ui;

/// <summary>
/// <c>run --ui</c> (bench/run.sh --ui, issue 11): the web UI's server-side render time on one Wharf with auth, signed in
/// as its administrator (HTTP Basic, which the pages take as a session does), at 16 concurrent clients:
/// <list type="bullet">
/// <item>the repository list (<c>/</c>) of a registry with 2,000 repositories, as the administrator and as a user who
/// may see the public half of them (the listing's visibility filter at work);</item>
/// <item>the tag table (<c>/r/bench/many</c>) of a repository with 5,000 tags;</item>
/// <item>the tag page (<c>/image/bench/layers:1</c>) of a 50-layer image.</item>
/// </list>
/// Target: p99 under 50 ms each. The data is pushed through <c>/v2</c> first; the whole answer is read each time.
/// </summary>
internal static class UiRun
{
    public static async Task<(string Report, bool Failed)> RunAsync(BenchTarget target, CancellationToken ct)
    {
        var credentials = Environment.GetEnvironmentVariable(BenchTarget.CredentialsVariable) ?? "";
        var repositories = BenchRuns.Number("BENCH_UI_REPOSITORIES", 2000);
        var tags = BenchRuns.Number("BENCH_UI_TAGS", 5000);
        var layers = BenchRuns.Number("BENCH_UI_LAYERS", 50);
        var clients = BenchRuns.Number("BENCH_UI_CLIENTS", 16);
        var seconds = BenchRuns.Number("BENCH_UI_SECONDS", 10);
        using var http = BenchRuns.Client(target.BaseUri);
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        var report = new StringBuilder();
        try
        {
            var setup = Stopwatch.StartNew();
            var pusher = new Pusher(http, basic);
            var layer = RandomNumberGenerator.GetBytes(512);
            var config = Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[]}}""");
            await Parallel.ForEachAsync(Enumerable.Range(0, repositories), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
                await pusher.PushImageAsync($"bench/r{i:D5}", ["1"], config, [layer], token));
            var manifest = await pusher.PushImageAsync("bench/many", ["0"], config, [layer], ct);
            await Parallel.ForEachAsync(Enumerable.Range(1, tags - 1), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
                await pusher.PutManifestAsync("bench/many", $"{i / 100}.{i % 100}.0", manifest, token));
            var history = string.Join(',', Enumerable.Range(0, layers).Select(i => $$"""{"created_by":"/bin/sh -c echo step {{i}} > /step-{{i}}.txt"}"""));
            var deep = Encoding.UTF8.GetBytes($$"""{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/bin"],"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":[]},"history":[{{history}}]}""");
            await pusher.PushImageAsync("bench/layers", ["1"], deep, [.. Enumerable.Range(0, layers).Select(_ => RandomNumberGenerator.GetBytes(2048))], ct);
            // Every other repository public, and a user who sees those only.
            await Parallel.ForEachAsync(Enumerable.Range(0, repositories / 2), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
                await SendJsonAsync(http, basic, HttpMethod.Put, "/api/v1/visibility", $$"""{"repository":"bench/r{{i * 2:D5}}","public":true}""", token));
            var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            await SendJsonAsync(http, basic, HttpMethod.Post, "/api/v1/users", $$"""{"name":"reader","password":"{{password}}"}""", ct);
            var reader = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"reader:{password}")));
            await Task.Delay(TimeSpan.FromSeconds(5), ct); // the layer sizes measured, the pull statistics flushed
            report.AppendLine(CultureInfo.InvariantCulture, $"setup: {repositories} repositories, {tags} tags, a {layers}-layer image in {setup.Elapsed.TotalSeconds:0} s");
            report.AppendLine();
            report.AppendLine("| Page | req/s | p50 | p99 | target |");
            report.AppendLine("|---|---|---|---|---|");
            var failed = false;
            foreach (var (name, path, who) in new[]
                     {
                         ($"repository list ({repositories} repositories)", "/", basic),
                         ($"repository list as a user who sees the {repositories / 2} public ones", "/", reader),
                         ($"tag table ({tags} tags)", "/r/bench/many", basic),
                         ($"tag page ({layers} layers)", "/image/bench/layers:1", basic),
                     })
            {
                await LoadAsync(http, who, path, 2, TimeSpan.FromSeconds(2), ct); // warm-up
                var (latencies, errors) = await LoadAsync(http, who, path, clients, TimeSpan.FromSeconds(seconds), ct);
                var p99 = BenchRuns.Percentile(latencies, 0.99);
                failed |= errors > 0;
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"| {name}, {clients} clients | {latencies.Count / (double)seconds:0} | {BenchRuns.Percentile(latencies, 0.5):0.0} ms | {p99:0.0} ms | {(p99 < 50 ? "under 50 ms: met" : "under 50 ms: NOT met")}{(errors > 0 ? $" ({errors} errors)" : "")} |");
            }

            return (report.ToString(), failed);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"FAILED: {e.Message}");
            return (report.ToString(), true);
        }
    }

    private static async Task SendJsonAsync(HttpClient http, AuthenticationHeaderValue basic, HttpMethod method, string path, string json, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = basic;
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
    }

    /// <summary>GETs of <paramref name="path"/> by <paramref name="clients"/> clients in a loop for <paramref name="length"/>:
    /// each answer's time to its last byte, and how many were not 200.</summary>
    private static async Task<(List<double> Latencies, long Errors)> LoadAsync(
        HttpClient http, AuthenticationHeaderValue basic, string path, int clients, TimeSpan length, CancellationToken ct)
    {
        var until = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
        var all = new List<double>();
        long errors = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            var mine = new List<double>();
            while (Stopwatch.GetTimestamp() < until)
            {
                var started = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Authorization = basic;
                using var response = await http.SendAsync(request, ct);
                await response.Content.CopyToAsync(Stream.Null, ct);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref errors);
                }

                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            lock (all)
            {
                all.AddRange(mine);
            }
        }));
        return (all, errors);
    }

    /// <summary>Pushes through <c>/v2</c> with a token per repository from <c>/auth/token</c>.</summary>
    private sealed class Pusher(HttpClient http, AuthenticationHeaderValue basic)
    {
        public async Task<byte[]> PushImageAsync(string repository, string[] tags, byte[] config, byte[][] layers, CancellationToken ct)
        {
            var token = await TokenAsync(repository, ct);
            var descriptors = new List<string>();
            foreach (var (blob, type) in layers.Select(l => (l, "application/vnd.oci.image.layer.v1.tar+gzip")).Prepend((config, "application/vnd.oci.image.config.v1+json")))
            {
                var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(blob));
                using var upload = new HttpRequestMessage(HttpMethod.Post, $"/v2/{repository}/blobs/uploads/?digest={digest}") { Content = new ByteArrayContent(blob) };
                upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                upload.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                using var uploaded = await http.SendAsync(upload, ct);
                Ensure(uploaded, $"blob upload to {repository}");
                descriptors.Add($$"""{"mediaType":"{{type}}","digest":"{{digest}}","size":{{blob.Length}}}""");
            }

            var manifest = Encoding.UTF8.GetBytes(
                $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{descriptors[0]}},"layers":[{{string.Join(',', descriptors.Skip(1))}}]}""");
            foreach (var tag in tags)
            {
                await PutManifestAsync(repository, tag, manifest, ct, token);
            }

            return manifest;
        }

        public async Task PutManifestAsync(string repository, string tag, byte[] manifest, CancellationToken ct, string? token = null)
        {
            token ??= await TokenAsync(repository, ct);
            using var put = new HttpRequestMessage(HttpMethod.Put, $"/v2/{repository}/manifests/{tag}") { Content = new ByteArrayContent(manifest) };
            put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.oci.image.manifest.v1+json");
            using var answer = await http.SendAsync(put, ct);
            Ensure(answer, $"manifest PUT {repository}:{tag}");
        }

        private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);

        private async Task<string> TokenAsync(string repository, CancellationToken ct)
        {
            lock (_tokens)
            {
                if (_tokens.TryGetValue(repository, out var known))
                {
                    return known;
                }
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, $"/auth/token?service=wharf&scope=repository:{repository}:pull,push");
            request.Headers.Authorization = basic;
            using var response = await http.SendAsync(request, ct);
            Ensure(response, "token");
            var token = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!["token"]!.GetValue<string>();
            lock (_tokens)
            {
                _tokens[repository] = token;
            }

            return token;
        }

        private static void Ensure(HttpResponseMessage response, string what)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{what}: {(int)response.StatusCode}");
            }
        }
    }
}
