using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Wharf.Build.Tests.Building;

/// <summary>A real git server on loopback for ADD's git tests: <c>git daemon</c> serving the repositories under a
/// temporary directory at <c>git://127.0.0.1:PORT/NAME</c>, stopped (by its process id) on dispose.</summary>
internal sealed class GitDaemon : IDisposable
{
    private readonly Process _process;
    private bool _disposed;

    private GitDaemon(Process process, string root, int port)
    {
        _process = process;
        Root = root;
        Port = port;
    }

    /// <summary>The directory the daemon serves; a repository at <c>Root/NAME</c> is <c>git://127.0.0.1:PORT/NAME</c>.</summary>
    public string Root { get; }

    public int Port { get; }

    public string Url(string name) => $"git://127.0.0.1:{Port}/{name}";

    public static async Task<GitDaemon> StartAsync(string root)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var start = new ProcessStartInfo("git") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])["daemon", "--reuseaddr", "--listen=127.0.0.1", $"--port={port}", $"--base-path={root}", "--export-all", "--informative-errors", root])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("git daemon did not start");
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var daemon = new GitDaemon(process, root, port);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    return daemon;
                }
                catch (SocketException) when (attempt < 100 && !process.HasExited)
                {
                    await Task.Delay(100);
                }
            }
        }
        catch
        {
            daemon.Dispose();
            throw;
        }
    }

    /// <summary>Stops the daemon; a test may stop it early (to show a build needs no fetch), so twice is fine.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
