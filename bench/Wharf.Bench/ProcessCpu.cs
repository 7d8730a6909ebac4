using System.Globalization;

namespace Wharf.Bench;

/// <summary>Reads the CPU time server processes (all their threads) have used, from /proc/&lt;pid&gt;/stat.</summary>
internal static class ProcessCpu
{
    /// <summary>USER_HZ, the unit of utime and stime: 100 on every Linux architecture .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>User + system CPU time so far of all <paramref name="pids"/> together (the nodes of one registry), or
    /// null when none is given or one is gone.</summary>
    public static TimeSpan? Read(IReadOnlyList<int> pids)
    {
        TimeSpan? total = pids.Count == 0 ? null : TimeSpan.Zero;
        foreach (var pid in pids)
        {
            total += Read(pid);
        }
        return total;
    }

    /// <summary>User + system CPU time so far of one process, or null when it is gone.</summary>
    public static TimeSpan? Read(int p)
    {
        try
        {
            // proc(5): fields after "(comm)", which may itself hold spaces; utime and stime are fields 14 and 15.
            var stat = File.ReadAllText($"/proc/{p}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
