using System.Diagnostics;
using System.Net;
using System.Text;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli.Native;

/// <summary>The wharf client as people get it from a Native AOT publish (decision 021): it answers, lints, builds the
/// same image the JIT-compiled wharf builds, and hands <c>wharf serve</c> over to wharf-server in the same process.</summary>
public sealed class NativeClientTests(NativeClientFixture native) : IClassFixture<NativeClientFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wharf-test-native-run-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_native_client_prints_its_version_and_lints()
    {
        var dockerfile = Path.Combine(_directory, "Dockerfile");
        await File.WriteAllTextAsync(dockerfile, "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n", Ct);

        var version = await native.RunAsync(["--version"], Ct);
        var lint = await native.RunAsync(["lint", "--format", "json", dockerfile], Ct);

        Assert.True(version.ExitCode == 0, version.Describe());
        Assert.Matches(@"^1\.0\.0\+[0-9a-f]{40}$", version.StandardOutput.Trim());
        Assert.True(lint.ExitCode == 1, lint.Describe());
        Assert.Contains("\"ruleId\": \"UnpinnedPackages\"", lint.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_native_client_builds_the_image_the_jit_client_builds()
    {
        ExternalTool.Require("runc");
        var context = BusyboxImage.CreateContext(Path.Combine(_directory, "context"), """
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "--install", "-s", "/bin"]
            COPY message.txt /message.txt
            RUN echo "built natively: $(cat /message.txt)" > /built.txt
            CMD ["cat", "/built.txt"]
            """, new Dictionary<string, string> { ["message.txt"] = "hello" });

        var jit = await WharfCli.RunAsync(["build", "--state", Path.Combine(_directory, "jit-state"), context], ct: Ct);
        var aot = await native.RunAsync(["build", "--state", Path.Combine(_directory, "aot-state"), context], Ct);
        var again = await native.RunAsync(["build", "--state", Path.Combine(_directory, "aot-state"), context], Ct);

        Assert.True(jit.ExitCode == 0, jit.Describe());
        Assert.True(aot.ExitCode == 0, aot.Describe());
        Assert.True(again.ExitCode == 0, again.Describe());
        Assert.StartsWith("sha256:", jit.StandardOutput.Trim(), StringComparison.Ordinal);
        Assert.Equal(jit.StandardOutput.Trim(), aot.StandardOutput.Trim());
        Assert.Equal(aot.StandardOutput.Trim(), again.StandardOutput.Trim());
    }

    [Fact]
    public async Task Wharf_serve_becomes_wharf_server_and_stops_on_sigterm()
    {
        var listen = $"127.0.0.1:{WharfProcess.FreePort()}";
        var startInfo = new ProcessStartInfo(native.Wharf)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["WHARF_Auth__Enabled"] = "false", ["WHARF_Logging__LogLevel__Default"] = "Warning" },
        };
        foreach (var argument in new[] { "serve", "--listen", listen, "--data-dir", Path.Combine(_directory, "data") })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var log = new StringBuilder();
        using var server = new Process { StartInfo = startInfo };
        server.OutputDataReceived += (_, e) => Append(log, e.Data);
        server.ErrorDataReceived += (_, e) => Append(log, e.Data);
        server.Start();
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://{listen}/"), Timeout = TimeSpan.FromSeconds(5) };
            var status = await WaitForV2Async(http, server, log);
            // The same process, now the server program: execv replaced wharf, so signals reach the server itself.
            var commandLine = await File.ReadAllTextAsync($"/proc/{server.Id}/cmdline", Ct);
            var terminated = await Terminate(server);

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.EndsWith("/wharf-server", commandLine.Split('\0')[0], StringComparison.Ordinal);
            Assert.Equal("serve", commandLine.Split('\0')[1]);
            Assert.True(terminated == 0, $"exit code {terminated}:\n{Text(log)}");
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill();
            }
        }
    }

    private static async Task<HttpStatusCode> WaitForV2Async(HttpClient http, Process server, StringBuilder log)
    {
        var started = Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (server.HasExited)
            {
                await server.WaitForExitAsync(Ct);
                throw new InvalidOperationException($"wharf serve exited with {server.ExitCode}:\n{Text(log)}");
            }

            try
            {
                using var response = await http.GetAsync("v2/", Ct);
                return response.StatusCode;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!Ct.IsCancellationRequested)
            {
                // One slow answer during start-up.
            }

            await Task.Delay(100, Ct);
        }

        throw new TimeoutException($"wharf serve did not answer /v2/ within 60 s:\n{Text(log)}");
    }

    private static async Task<int> Terminate(Process server)
    {
        using (var kill = Process.Start("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(Ct);
        }

        await server.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);
        return server.ExitCode;
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }
}
