using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Wharf.Bench;
using Wharf.Bench.Tokens;
using Wharf.Bench.Triggers;
using Wharf.Bench.Workloads;

// Usage:
//   Wharf.Bench free-port
//   Wharf.Bench run --work-dir DIR --target wharf=http://127.0.0.1:P[,pid=N] --target distribution=... [--unavailable NAME=REASON]
//   Wharf.Bench run --auth ... --target wharf-auth=http://127.0.0.1:P,pid=N,auth=token --target distribution-auth=...,auth=basic
//     (auth cost on manifest GETs, see AuthCostRun; auth= targets take user:password from WHARF_BENCH_CREDENTIALS)
//   Wharf.Bench run --scale-out ... --target distribution-s3=... --target wharf-s3=... --target wharf-3nodes=...,pid=A+B+C,metrics=P+Q+R
//     --target wharf-embedded=...   (the workloads as above, reported against Distribution on S3, see ScaleOutReport)
//   Wharf.Bench run --pulls ... --target wharf-pulls-on=... --target wharf-pulls-off=...   (issue 11: what counting
//     pulls costs manifest GETs, in the alternating rounds of AuthCostRun)
//   Wharf.Bench run --tokens ... --target wharf-s3=...,auth=token --target wharf-embedded=...,auth=token
//     (token requests per second with repeated credentials, see TokenRun; admin:password from WHARF_BENCH_CREDENTIALS)
//   Wharf.Bench run --triggers ... --target wharf-triggers=...   (issue 10: webhook to pullable, git/ GETs, webhook
//     requests/s, see TriggerRun; admin:password from WHARF_BENCH_CREDENTIALS, the git host's directory from WHARF_BENCH_GIT_ROOT)
// Progress goes to stderr; the Markdown report to stdout.
if (args is ["free-port"])
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    Console.WriteLine(((IPEndPoint)listener.LocalEndpoint).Port);
    return 0;
}
if (args is not ["run", ..])
{
    Console.Error.WriteLine("usage: Wharf.Bench run [--auth|--scale-out|--tokens|--triggers|--pulls|--ui] --work-dir DIR --target NAME=http://127.0.0.1:PORT[,pid=N][,auth=basic|token] ... | Wharf.Bench free-port");
    return 2;
}

var targets = new List<BenchTarget>();
var workDir = Path.GetTempPath();
var mode = "";
BenchSettings settings;
try
{
    for (var i = 1; i < args.Length; i++)
    {
        if (args[i] is "--auth" or "--scale-out" or "--tokens" or "--triggers" or "--pulls" or "--ui")
        {
            mode = mode.Length == 0 ? args[i] : throw new ArgumentException($"{mode} and {args[i]} are two modes: give one");
            continue;
        }
        var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
        switch (args[i])
        {
            case "--target": targets.Add(BenchTarget.Parse(value)); break;
            case "--unavailable": targets.Add(BenchTarget.ParseUnavailable(value)); break;
            case "--work-dir": workDir = value; break;
            default: throw new ArgumentException($"unknown option {args[i]}");
        }
        i++;
    }
    settings = BenchSettings.FromEnvironment();
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"wharf-bench: {error.Message}");
    return 2;
}
Directory.CreateDirectory(workDir);

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

Console.Error.WriteLine($"[bench] settings: {settings}");
var book = new ResultBook();
var data = new BenchData(settings);
var authMode = mode == "--auth";
if (mode is "" or "--scale-out")
{
    data.Prepare();
    await Ceilings.MeasureAsync(settings, data, workDir, book);
}

foreach (var target in targets.Where(t => t.Unavailable is null))
{
    target.Unavailable = await WaitReadyAsync(target, stop.Token);
    if (target.Unavailable is null)
    {
        var watch = Stopwatch.StartNew();
        await SmokeCheck.RunAsync(target, data, stop.Token);
        Console.Error.WriteLine($"[{target.Name}] ready; smoke check done in {watch.Elapsed.TotalSeconds:F1} s, {target.Notes.Lines.Count()} observation(s)");
    }
    else
    {
        Console.Error.WriteLine($"[{target.Name}] NOT BENCHMARKED: {target.Unavailable}");
    }
}

if (mode == "--triggers")
{
    var target = targets.Single(t => t.Unavailable is null);
    var (triggerReport, triggersFailed) = await TriggerRun.RunAsync(target, stop.Token);
    Console.Out.Write(triggerReport);
    targets.ForEach(t => t.Dispose());
    return triggersFailed ? 3 : 0;
}
if (mode == "--ui")
{
    var target = targets.Single(t => t.Unavailable is null);
    var (uiReport, uiFailed) = await Wharf.Bench.Ui.UiRun.RunAsync(target, stop.Token);
    Console.Out.Write(uiReport);
    targets.ForEach(t => t.Dispose());
    return uiFailed ? 3 : 0;
}
if (mode == "--tokens")
{
    var (tokenResults, tokensFailed) = await TokenRun.RunAsync(settings, targets, stop.Token);
    Console.Out.Write(TokenReport.Render(settings, tokenResults, targets));
    targets.ForEach(t => t.Dispose());
    return tokensFailed ? 3 : 0;
}
if (mode == "--pulls")
{
    var (rounds, pullsFailed) = await AuthCostRun.RunAsync(settings, targets, book, RunWorkloadAsync, stop.Token);
    Console.Out.Write(PullStatisticsReport.Render(settings, rounds, targets));
    targets.ForEach(t => t.Dispose());
    return pullsFailed ? 3 : 0;
}
if (authMode)
{
    var (rounds, authFailed) = await AuthCostRun.RunAsync(settings, targets, book, RunWorkloadAsync, stop.Token);
    Console.Out.Write(AuthReport.Render(settings, book, rounds, targets));
    targets.ForEach(t => t.Dispose());
    return authFailed ? 3 : 0;
}

Workload[] workloads =
[
    new("large push, monolithic", [LargeBlobWorkloads.PushMonolithic, LargeBlobWorkloads.RssLarge], settings.TimeoutFor(settings.LargeMiB), LargeBlobWorkloads.PushMonolithicAsync),
    new("large push, chunked", [LargeBlobWorkloads.PushChunked], settings.TimeoutFor(settings.LargeMiB), LargeBlobWorkloads.PushChunkedAsync),
    new("large pull", [LargeBlobWorkloads.Pull], settings.TimeoutFor(settings.LargeMiB * (settings.PullReps + 1)), LargeBlobWorkloads.PullAsync),
    new("small image pushes", [SmallImageWorkload.Key], settings.TimeoutFor(0), SmallImageWorkload.RunAsync),
    new("manifest GETs", [ManifestGetWorkload.Rate, ManifestGetWorkload.P50, ManifestGetWorkload.P99], settings.TimeoutFor(0), ManifestGetWorkload.RunAsync),
    new("tags list", [TagsListWorkload.Setup, TagsListWorkload.Walk, TagsListWorkload.Single], settings.TimeoutFor(0), TagsListWorkload.RunAsync),
    new("catalog", [CatalogWorkload.Setup, CatalogWorkload.Walk], settings.TimeoutFor(0), CatalogWorkload.RunAsync),
    new("huge push + RSS", [LargeBlobWorkloads.HugePush, LargeBlobWorkloads.RssHuge, LargeBlobWorkloads.RssOverall], settings.TimeoutFor(settings.HugeMiB), LargeBlobWorkloads.HugePushAsync),
];

// Workload by workload, each registry in turn, so both meet the machine in the same state. BENCH_WORKLOADS picks some
// (numbers 1–8), for a profile or a before/after of one change; a recorded run runs all.
var anyFailed = false;
foreach (var workload in workloads.Where((_, i) => settings.Runs(i + 1)))
{
    foreach (var target in targets.Where(t => t.Unavailable is null))
    {
        stop.Token.ThrowIfCancellationRequested();
        anyFailed |= !await RunWorkloadAsync(workload, target, book);
    }
}

Console.Out.Write(mode == "--scale-out" ? ScaleOutReport.Render(settings, book, targets) : Report.Render(settings, book, targets));
foreach (var target in targets)
{
    target.Dispose();
}
return anyFailed ? 3 : 0;

async Task<bool> RunWorkloadAsync(Workload workload, BenchTarget target, ResultBook book)
{
    var context = new WorkloadContext(target, settings, data, book, workload.Name, stop.Token);
    if (!target.IsAlive)
    {
        foreach (var key in workload.Keys)
        {
            context.Record(key, Measurement.Failed("server process has exited (see its log)"));
        }
        return false;
    }
    Sync.All();
    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
    timeout.CancelAfter(workload.Timeout);
    context = new WorkloadContext(target, settings, data, book, workload.Name, timeout.Token);
    context.Log("start");
    var profile = await OperationProfile.ReadAsync(target.Http, target.MetricsUrls, stop.Token);
    var watch = Stopwatch.StartNew();
    var ok = true;
    try
    {
        await workload.Run(context);
    }
    catch (Exception error) when (!stop.IsCancellationRequested)
    {
        ok = false;
        var reason = timeout.IsCancellationRequested
            ? $"timed out after {workload.Timeout.TotalSeconds:F0} s"
            : ErrorTally.Describe(error).Message;
        if (!target.IsAlive)
        {
            reason += " (the server process has exited)";
        }
        foreach (var key in workload.Keys.Where(k => !book.Has(target.Name, k)))
        {
            context.Record(key, Measurement.Failed(reason, context.Errors.Total));
        }
    }
    if (context.Errors.Total > 0)
    {
        book.AddError(target.Name, workload.Name, $"{context.Errors.Total} failed requests: {context.Errors.Summary()}");
    }
    context.Log($"done in {watch.Elapsed.TotalSeconds:F1} s");
    if (profile is not null && target.IsAlive)
    {
        var after = await OperationProfile.ReadAsync(target.Http, target.MetricsUrls, stop.Token);
        context.Log($"server operations: {OperationProfile.PerRequest(profile, after, 1, "workload", top: 10)}");
    }
    return ok;
}

static async Task<string?> WaitReadyAsync(BenchTarget target, CancellationToken ct)
{
    var deadline = Stopwatch.StartNew();
    var last = "no answer";
    while (deadline.Elapsed < TimeSpan.FromSeconds(60))
    {
        if (!target.IsAlive)
        {
            return "the server process exited during start-up (see its log)";
        }
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(TimeSpan.FromSeconds(2));
            using var response = await target.Http.GetAsync(target.Url("/v2/"), cts.Token);
            var status = (int)response.StatusCode;
            if (status == 200)
            {
                return null;
            }
            if (status == 401 && target.Auth is null)
            {
                return "GET /v2/ answered 401: give the target an auth= option, or run the registry with anonymous push and pull";
            }
            // With auth, a 401 may be a first start still creating its administrator: keep asking until the deadline.
            last = status == 401 ? "GET /v2/ answered 401 with the credentials given" : $"GET /v2/ answered {status}";
        }
        catch (Exception error) when (error is HttpRequestException or HttpFailure or OperationCanceledException && !ct.IsCancellationRequested)
        {
            last = ErrorTally.Describe(error).Message;
        }
        await Task.Delay(200, ct);
    }
    return $"not ready after 60 s: {last}";
}
