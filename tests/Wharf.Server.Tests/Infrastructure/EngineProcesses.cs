using System.Diagnostics;

namespace Wharf.Server.Tests.Infrastructure;

/// <summary>Stops the private Docker engine a test run started, and only it: the processes are found by the
/// run's own temporary directory in their command line (dockerd, its containerd and any shims), never by name.</summary>
internal static class EngineProcesses
{
    public static async Task StopAsync(string engineDirectory, TimeSpan timeout)
    {
        // dockerd first, politely: it stops its containers and its containerd and unmounts its layers.
        foreach (var pid in Find(engineDirectory, "dockerd"))
        {
            await ExternalTool.RunAsync("bash", ["-c", "kill -TERM \"$1\"", "kill", pid.ToString()], timeout: TimeSpan.FromSeconds(10));
        }

        var deadline = Stopwatch.StartNew();
        while (Find(engineDirectory, null).Count > 0 && deadline.Elapsed < timeout)
        {
            await Task.Delay(200);
        }

        foreach (var pid in Find(engineDirectory, null))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Exited meanwhile.
            }
        }
    }

    /// <summary>Lazily unmounts whatever an engine that died hard left mounted under its directory.</summary>
    public static void UnmountUnder(string engineDirectory)
    {
        if (!File.Exists("/proc/self/mounts"))
        {
            return;
        }

        var prefix = engineDirectory.TrimEnd('/') + "/";
        var mountPoints = File.ReadAllLines("/proc/self/mounts")
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length > 1)
            .Select(fields => fields[1].Replace("\\040", " ", StringComparison.Ordinal))
            .Where(point => point.StartsWith(prefix, StringComparison.Ordinal))
            .OrderByDescending(point => point.Length)
            .ToList();
        foreach (var point in mountPoints)
        {
            using var umount = Process.Start(new ProcessStartInfo("umount", ["-l", point]) { UseShellExecute = false });
            umount?.WaitForExit(10_000);
        }
    }

    /// <summary>Live processes whose command line mentions <paramref name="engineDirectory"/> (and, if given, whose
    /// program is <paramref name="program"/>).</summary>
    private static List<int> Find(string engineDirectory, string? program)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid) || pid == System.Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var arguments = File.ReadAllText(Path.Combine(entry, "cmdline")).Split('\0');
                var zombie = File.ReadAllText(Path.Combine(entry, "stat")).Split(") ").ElementAtOrDefault(1)?.StartsWith('Z') == true;
                if (!zombie
                    && arguments.Any(a => a.Contains(engineDirectory, StringComparison.Ordinal))
                    && (program is null || Path.GetFileName(arguments[0]) == program))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process exited while we looked.
            }
        }

        return found;
    }
}
