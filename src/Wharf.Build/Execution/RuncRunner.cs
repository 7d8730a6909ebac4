using System.Diagnostics;
using System.Text.Json;

namespace Wharf.Build.Execution;

/// <summary>Runs one RUN step's process with <c>runc run</c> in a bundle of its own (config.json and the build's
/// /etc stubs), streaming what it prints to the build log. A step that outlives <see cref="BuilderOptions.RunTimeout"/>
/// or whose build is cancelled is killed with its whole pid namespace (<c>runc kill</c>, then <c>runc delete
/// --force</c>), so no process of the build outlives it. runc keeps its state under the builder's own root, apart
/// from any docker or containerd on the machine.</summary>
internal sealed class RuncRunner(BuilderOptions options)
{
    private readonly string _runcRoot = Path.Combine(options.StateDirectory, "runc");

    /// <summary>Runs <paramref name="spec"/> in <paramref name="rootPath"/>; returns the process's exit code.
    /// <see cref="TimeoutException"/> when the step ran too long.</summary>
    public async Task<int> RunAsync(string id, string rootPath, RunSpec spec, string bundleDirectory, IBuildLog log, CancellationToken ct)
    {
        var etc = Directory.CreateDirectory(Path.Combine(bundleDirectory, "etc")).FullName;
        await WriteEtcStubsAsync(etc, spec.HostNetwork, ct);

        using var network = spec.HostNetwork ? null : await NetworkNamespace.CreateAsync($"wharf-{id}", ct);
        var config = RuncConfig.Create(rootPath, spec, etc, network?.Path, $"/wharf-build/{id}", options);
        await File.WriteAllTextAsync(Path.Combine(bundleDirectory, "config.json"), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), ct);

        var start = new ProcessStartInfo(options.Runc, ["--root", _runcRoot, "run", "--bundle", bundleDirectory, id])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new BuildFailedException($"cannot start {options.Runc}");
        process.StandardInput.Close();
        var gate = new Lock();
        var output = Task.WhenAll(Pump(process.StandardOutput, log, gate), Pump(process.StandardError, log, gate));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            await output;
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await KillAsync(id, process);
            if (ct.IsCancellationRequested)
            {
                throw;
            }

            throw new TimeoutException($"the step ran longer than {options.RunTimeout} and was killed");
        }
    }

    private async Task KillAsync(string id, Process runc)
    {
        await RuncQuietlyAsync(["kill", "--all", id, "KILL"]);
        await RuncQuietlyAsync(["delete", "--force", id]);
        if (!runc.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            runc.Kill(entireProcessTree: true);
        }
    }

    private async Task RuncQuietlyAsync(IReadOnlyList<string> arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(options.Runc, ["--root", _runcRoot, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        if (process is not null)
        {
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static async Task Pump(StreamReader reader, IBuildLog log, Lock gate)
    {
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
        {
            lock (gate)
            {
                log.Line(line);
            }
        }
    }

    /// <summary>The build's own name resolution files: a loopback-only hosts file and hostname, and no name servers
    /// unless the step has the host's network (then the host's resolv.conf).</summary>
    private static async Task WriteEtcStubsAsync(string etc, bool hostNetwork, CancellationToken ct)
    {
        await File.WriteAllTextAsync(Path.Combine(etc, "hosts"),
            $"127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\t{RuncConfig.Hostname}\n", ct);
        await File.WriteAllTextAsync(Path.Combine(etc, "hostname"), RuncConfig.Hostname + "\n", ct);
        var resolv = hostNetwork && File.Exists("/etc/resolv.conf") ? await File.ReadAllTextAsync("/etc/resolv.conf", ct) : "";
        await File.WriteAllTextAsync(Path.Combine(etc, "resolv.conf"), resolv, ct);
    }
}
