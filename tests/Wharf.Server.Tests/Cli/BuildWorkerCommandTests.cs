using System.Diagnostics;
using System.Text;
using Wharf.Server.Tests.Builds;
using Wharf.Server.Tests.Cli.Accounts;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli;

/// <summary><c>wharf build-worker</c> as a process of its own: it reads the server's settings without a web host, claims
/// a build a server with no workers queued (under its <c>--worker-id</c>), runs it with the runc builder, and stops cleanly on SIGTERM.</summary>
public sealed class BuildWorkerCommandTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("wharf-test-build-worker-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task A_build_worker_process_takes_a_queued_build_and_stops_on_sigterm()
    {
        await using var server = await BuildsServer.StartAsync(new Dictionary<string, string?> { ["Builds:Workers"] = "0" }, _data);
        var alice = await server.Api.NewUserAsync("alice");
        var id = await server.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", "FROM scratch\nCOPY f /f"), ("f", "x")), $"repository={alice.Name}/app");
        var output = new StringBuilder();
        var environment = new Dictionary<string, string> { ["WHARF_Builds__PollInterval"] = "00:00:00.100", ["WHARF_Builds__LeaseDuration"] = "00:00:05" };

        using var worker = await WharfCli.StartAsync(["build-worker", "--data-dir", _data, "--worker-id", "cli-worker"], environment, output, Ct);
        var build = await server.WaitAsync(alice, id);
        using (var term = Process.Start("kill", ["-TERM", worker.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync(Ct);
        }

        await worker.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromMinutes(1), Ct);
        Assert.True(worker.ExitCode == 0, output.ToString());
        Assert.Equal("cli-worker-1", build["workerId"]!.GetValue<string>());
        Assert.Equal("succeeded", build["state"]!.GetValue<string>());
        Assert.StartsWith("build-worker: 1 workers (cli-worker-1…) on sqlite:", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("build-worker: stopped", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_worker_count_or_a_memory_store_is_one_line()
    {
        var count = await WharfCli.RunAsync(["build-worker", "--data-dir", _data, "--workers", "0"], ct: Ct);
        var memory = await WharfCli.RunAsync(["build-worker", "--data-dir", _data], new Dictionary<string, string> { ["WHARF_Storage__Backend"] = "memory" }, ct: Ct);

        Assert.Contains("--workers must be from 1 to 64", CliAssert.FailedWithOneLine(count, "build-worker"), StringComparison.Ordinal);
        Assert.Contains("memory blob store", CliAssert.FailedWithOneLine(memory, "build-worker"), StringComparison.Ordinal);
    }
}
