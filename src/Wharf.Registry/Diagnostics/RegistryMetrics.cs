using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Wharf.Registry.Diagnostics;

/// <summary>The registry engine's instruments, on one BCL <see cref="Meter"/> named <see cref="MeterName"/>; the host
/// decides whether anything listens (an unobserved instrument costs one branch). Static, like the runtime's own
/// meters: the engine's parts are built outside dependency injection too (<c>wharf gc</c>, tests), and a metric means
/// the same whoever built the part. Names follow OpenTelemetry's conventions; a Prometheus exporter turns
/// <c>wharf.gc.freed</c> with unit <c>By</c> into <c>wharf_gc_freed_bytes_total</c>. Tag values are a fixed, small
/// set: never a repository, tag, digest or upload id (docs/metrics.md).</summary>
public static class RegistryMetrics
{
    public const string MeterName = "Wharf.Registry";

    /// <summary>Seconds, from 5 ms to 10 s: the boundaries ASP.NET Core gives <c>http.server.request.duration</c>, so
    /// storage and database latencies line up with request latencies on one dashboard.</summary>
    public static readonly IReadOnlyList<double> LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> DatabaseDuration = Meter.CreateHistogram(
        "wharf.db.operation.duration", "s", "Time from asking for a database connection to giving it back, by store operation",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    private static readonly Histogram<double> StorageDuration = Meter.CreateHistogram(
        "wharf.storage.operation.duration", "s", "Time a blob-store call took, by operation and outcome",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    private static readonly Counter<long> GcRuns = Meter.CreateCounter<long>("wharf.gc.runs", "{run}", "Garbage-collection runs, by outcome");
    private static readonly Counter<long> GcLinks = Meter.CreateCounter<long>("wharf.gc.links.removed", "{link}", "Repository blob links garbage collection removed");
    private static readonly Counter<long> GcBlobs = Meter.CreateCounter<long>("wharf.gc.blobs.deleted", "{blob}", "Blobs garbage collection deleted");
    private static readonly Counter<long> GcFreed = Meter.CreateCounter<long>("wharf.gc.freed", "By", "Bytes garbage collection freed");

    private static readonly Histogram<double> GcDuration = Meter.CreateHistogram(
        "wharf.gc.duration", "s", "How long a garbage-collection run took",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 10, 60, 300, 1800, 3600] });

    private static readonly Counter<long> LoginFailures = Meter.CreateCounter<long>("wharf.login.failures", "{login}", "Refused logins, by reason");

    /// <summary>Records one database operation: <paramref name="operation"/> is the store method's name.</summary>
    public static void DatabaseOperation(string operation, long startTimestamp) =>
        DatabaseDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("operation", operation));

    /// <summary>Records one blob-store call; <paramref name="outcome"/> is <c>ok</c> or <c>error</c>.</summary>
    public static void StorageOperation(string operation, string outcome, long startTimestamp) =>
        StorageDuration.Record(
            Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds,
            new KeyValuePair<string, object?>("operation", operation),
            new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Records a garbage-collection run; <paramref name="outcome"/> is <c>completed</c>, <c>failed</c> or <c>cancelled</c>.</summary>
    public static void GarbageCollection(string outcome, long startTimestamp, int links, int blobs, long bytes)
    {
        GcRuns.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        GcDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
        GcLinks.Add(links);
        GcBlobs.Add(blobs);
        GcFreed.Add(bytes);
    }

    /// <summary>Records a refused login; <paramref name="reason"/> is one of <see cref="LoginFailureReasons"/>.</summary>
    public static void LoginFailure(string reason) => LoginFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
