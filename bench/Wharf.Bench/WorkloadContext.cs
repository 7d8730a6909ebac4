namespace Wharf.Bench;

/// <summary>What one workload on one registry works with, and where it records its figures.</summary>
internal sealed class WorkloadContext(BenchTarget target, BenchSettings settings, BenchData data, ResultBook book, string workload, CancellationToken ct)
{
    public BenchTarget Target => target;

    public BenchSettings Settings => settings;

    public BenchData Data => data;

    public CancellationToken Ct => ct;

    public ErrorTally Errors { get; } = new();

    public void Record(string key, Measurement measurement)
    {
        book.Record(target.Name, key, measurement);
        var text = measurement.Value is double v ? $"{v:F2}" : $"FAILED: {measurement.Failure}";
        var errors = measurement.Errors > 0 ? $" ({measurement.Errors} errors)" : "";
        var detail = measurement.Detail is null ? "" : $" [{measurement.Detail}]";
        Log($"{key} = {text}{errors}{detail}");
    }

    /// <summary>Records MiB/s for <paramref name="bytes"/> moved in <paramref name="elapsed"/>.</summary>
    public void RecordThroughput(string key, long bytes, TimeSpan elapsed, string? detail = null) =>
        Record(key, new Measurement(bytes / 1048576.0 / elapsed.TotalSeconds, Errors: Errors.Total,
            Detail: detail ?? $"{bytes >> 20} MiB in {elapsed.TotalSeconds:F2} s"));

    public void Log(string message) => Console.Error.WriteLine($"[{target.Name}] {workload}: {message}");
}
