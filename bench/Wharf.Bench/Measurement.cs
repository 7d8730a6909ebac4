namespace Wharf.Bench;

/// <summary>One number of one workload on one registry, or why there is none.</summary>
/// <param name="Value">The figure in the row's unit; null when the workload failed.</param>
/// <param name="Failure">Why the workload failed, or null.</param>
/// <param name="Errors">Requests that failed (non-2xx, wrong body, transport error) while the figure was measured.</param>
/// <param name="Detail">A short remark for the log (pages walked, bytes verified…).</param>
internal sealed record Measurement(double? Value, string? Failure = null, int Errors = 0, string? Detail = null)
{
    public static Measurement Failed(string reason, int errors = 0) => new(null, reason, errors);
}
