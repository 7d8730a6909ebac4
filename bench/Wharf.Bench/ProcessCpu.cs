using System.Globalization;

namespace Wharf.Bench;

/// <summary>Reads the CPU time a server process (all its threads) has used, from /proc/&lt;pid&gt;/stat.</summary>
internal static class ProcessCpu
{
    /// <summary>USER_HZ, the unit of utime and stime: 100 on every Linux architecture .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>User + system CPU time so far, or null when the process is gone or unknown.</summary>
    public static TimeSpan? Read(int? pid)
    {
        if (pid is not int p)
        {
            return null;
        }
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
