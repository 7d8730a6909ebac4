using System.Diagnostics;

namespace Wharf.Bench;

/// <summary>Flushes dirty pages before a workload, so one registry's writeback never slows the next measurement.</summary>
internal static class Sync
{
    public static void All()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("sync") { UseShellExecute = false });
            process?.WaitForExit(120_000);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No sync(1): measurements are still valid, only noisier.
        }
    }
}
