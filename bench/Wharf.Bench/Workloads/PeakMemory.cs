using System.Runtime.ExceptionServices;

namespace Wharf.Bench.Workloads;

/// <summary>
/// The peak resident memory of a target's server processes while one push runs: VmHWM reset through clear_refs before
/// it and read after it (or, where a reset is not permitted, VmRSS sampled every 20 ms). With several nodes the figure
/// is the highest of any one node, since what must stay flat is what each node needs. Every VmHWM read before a reset
/// is kept on the target, so the peak over the whole run survives the resets.
/// </summary>
internal static class PeakMemory
{
    public static async Task MeasureAsync(WorkloadContext c, string key, Func<Task> push)
    {
        var pids = c.Target.Pids;
        if (pids.Count == 0)
        {
            c.Record(key, Measurement.Failed("server pid unknown"));
            await push();
            return;
        }
        c.Target.NotePeakKiB(HighWaterKiB(pids));
        // Every node is reset, not only until one refuses.
        var reset = pids.Select(ProcessMemory.TryResetPeak).ToList().TrueForAll(done => done);
        Exception? failure = null;
        await using (var sampler = new ProcessMemory.Sampler(pids))
        {
            try
            {
                await push();
            }
            catch (Exception error) when (!c.Ct.IsCancellationRequested)
            {
                failure = error;
            }
            var hwm = HighWaterKiB(pids);
            c.Target.NotePeakKiB(hwm);
            var during = reset ? Math.Max(hwm, sampler.MaxKiB) : sampler.MaxKiB;
            var how = (reset ? "VmHWM after reset via clear_refs" : "max of VmRSS sampled every 20 ms (clear_refs not permitted)")
                + (pids.Count > 1 ? $", highest of {pids.Count} nodes" : "");
            c.Record(key, failure is null
                ? new Measurement(during / 1024.0, Detail: how)
                : Measurement.Failed($"push failed: {ErrorTally.Describe(failure).Message}"));
        }
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>The highest VmHWM of any of <paramref name="pids"/>, in KiB.</summary>
    public static long HighWaterKiB(IReadOnlyList<int> pids) =>
        pids.Select(pid => ProcessMemory.ReadKiB(pid, "VmHWM") ?? 0).DefaultIfEmpty().Max();
}
