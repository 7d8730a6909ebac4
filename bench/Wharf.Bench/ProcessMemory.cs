using System.Globalization;

namespace Wharf.Bench;

/// <summary>Reads a server's resident memory from /proc/&lt;pid&gt;/status.</summary>
internal static class ProcessMemory
{
    /// <summary>A "VmHWM"/"VmRSS" figure in KiB, or null when the process or field is gone.</summary>
    public static long? ReadKiB(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    var number = line[(field.Length + 1)..].Trim().Split(' ')[0];
                    return long.Parse(number, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        return null;
    }

    /// <summary>Resets VmHWM to the current RSS (writing 5 to clear_refs, Linux ≥ 4.0); false when not permitted.</summary>
    public static bool TryResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Samples VmRSS of each process every 20 ms until disposed; <see cref="MaxKiB"/> is the largest sample of
    /// any one of them (a per-node peak, not a sum).</summary>
    public sealed class Sampler : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private readonly IReadOnlyList<int> _pids;
        private long _max;

        public Sampler(IReadOnlyList<int> pids)
        {
            _pids = pids;
            _loop = Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
                try
                {
                    do
                    {
                        Sample();
                    }
                    while (await timer.WaitForNextTickAsync(_stop.Token));
                }
                catch (OperationCanceledException)
                {
                }
            });
        }

        public long MaxKiB => Volatile.Read(ref _max);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            Sample();
            _stop.Dispose();
        }

        private void Sample()
        {
            foreach (var pid in _pids)
            {
                if (ReadKiB(pid, "VmRSS") is long rss && rss > Volatile.Read(ref _max))
                {
                    Volatile.Write(ref _max, rss);
                }
            }
        }
    }
}
