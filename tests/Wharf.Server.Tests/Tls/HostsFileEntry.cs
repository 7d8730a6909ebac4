using System.Net;
using System.Text.RegularExpressions;

namespace Wharf.Server.Tests.Tls;

/// <summary>One <c>/etc/hosts</c> line naming an address for a test (docker, skopeo and podman verify the certificate
/// against the name they were given), removed on dispose, so also when the test failed. Every edit holds an exclusive
/// lock on a shared lock file, so two test runs adding names at once never lose one, and is written beside the file
/// and renamed over it, so no resolver ever reads half a file. Lines of a run that died (its process gone) are
/// dropped at the next edit.</summary>
internal sealed partial class HostsFileEntry : IDisposable
{
    private const string HostsPath = "/etc/hosts";
    private const string LockPath = "/tmp/wharf-tests-etc-hosts.lock";

    private readonly string _line;

    private HostsFileEntry(string name, string line, DateTimeOffset writtenAt)
    {
        Name = name;
        _line = line;
        WrittenAt = writtenAt;
    }

    public string Name { get; }

    /// <summary>When the line was written. Go programs (dockerd) re-read /etc/hosts at most every 5 seconds.</summary>
    public DateTimeOffset WrittenAt { get; }

    /// <summary>A fresh name under <c>.test</c> (RFC 2606: never a real domain), e.g. <c>wharf-tls-3f9a1c.test</c>.</summary>
    public static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}.test";

    public static HostsFileEntry Add(string name, IPAddress address)
    {
        var line = $"{address} {name} # wharf-test pid={Environment.ProcessId}";
        Edit(lines => [.. lines, line]);
        return new HostsFileEntry(name, line, DateTimeOffset.UtcNow);
    }

    /// <summary>Waits until a Go resolver that read /etc/hosts just before the edit will have read it again.</summary>
    public async Task SettleForGoAsync(CancellationToken ct)
    {
        var wait = WrittenAt + TimeSpan.FromSeconds(6) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, ct);
        }
    }

    public void Dispose() => Edit(lines => [.. lines.Where(l => l != _line)]);

    private static void Edit(Func<List<string>, List<string>> change)
    {
        using var gate = Lock();
        var lines = File.ReadAllLines(HostsPath).Where(line => !LeftByDeadRun(line)).ToList();
        var text = string.Join('\n', change(lines)) + "\n";
        var temporary = $"{HostsPath}.wharf-{Guid.NewGuid():N}";
        File.WriteAllText(temporary, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, File.GetUnixFileMode(HostsPath));
        }

        try
        {
            File.Move(temporary, HostsPath, overwrite: true);
        }
        catch (IOException)
        {
            // /etc/hosts bind-mounted into a container cannot be renamed over: rewrite it in place instead.
            File.Delete(temporary);
            File.WriteAllText(HostsPath, text);
        }
    }

    private static FileStream Lock()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock() on Linux: other processes' attempts fail until it is released.
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }

    private static bool LeftByDeadRun(string line) =>
        OurLine().Match(line) is { Success: true } match && !Directory.Exists($"/proc/{match.Groups[1].Value}");

    [GeneratedRegex(@"# wharf-test pid=(\d+)$")]
    private static partial Regex OurLine();
}
