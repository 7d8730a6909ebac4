using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Wharf.Server.Observability;

/// <summary>Runs one readiness probe under a short deadline and turns its failure into a one-line reason for the
/// <c>/readyz</c> body: the kind of failure, never its message (which may name paths or hosts) nor its stack. The
/// exception rides along on the result, so the health-check service logs it in full.</summary>
internal static class ReadinessProbe
{
    /// <summary>A load balancer's probe usually waits a few seconds; answering within two keeps it from timing out first.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public static async Task<HealthCheckResult> RunAsync(string part, Func<CancellationToken, Task> probe, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Timeout);
        try
        {
            // WaitAsync bounds probes that ignore cancellation (SQLite opens synchronously).
            await probe(deadline.Token).WaitAsync(Timeout, ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return HealthCheckResult.Unhealthy($"{part}: no answer within {Timeout.TotalSeconds:0} s", e);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{part}: failed ({e.GetType().Name})", e);
        }
    }
}
