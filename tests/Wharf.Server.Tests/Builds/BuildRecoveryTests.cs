using Wharf.Registry.Builds;

namespace Wharf.Server.Tests.Builds;

/// <summary>No build stays running after its worker is gone: a server stopping gives its builds back to the queue, and
/// a build whose worker died (it stopped renewing its lease) runs again on a server started on the same data.</summary>
public sealed class BuildRecoveryTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("wharf-test-recovery-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task A_build_of_a_worker_that_died_runs_again_after_a_restart()
    {
        long id;
        Api.Accounts.ApiLogin alice;
        await using (var first = await BuildsServer.StartAsync(new Dictionary<string, string?> { ["Builds:Workers"] = "0" }, _data))
        {
            alice = await first.Api.NewUserAsync("alice");
            id = await first.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", "LOG second time lucky"), ("f", "x")), $"repository={alice.Name}/app");
            // A worker of another process takes it, and dies without a word: its lease runs out in a second.
            var claimed = await first.Queue.ClaimAsync("dead-worker", TimeSpan.FromSeconds(1), Ct);
            Assert.Equal(id, claimed!.Build.Id);
        }

        await using var second = await BuildsServer.StartAsync(dataDirectory: _data);
        var build = await second.WaitAsync(alice, id);

        Assert.Equal("succeeded", build["state"]!.GetValue<string>());
        Assert.Equal(2, build["attempts"]!.GetValue<int>());
        var log = await second.LogAsync(alice, id);
        Assert.StartsWith("worker dead-worker stopped answering; attempt 1 of 3: queued again\n", log, StringComparison.Ordinal);
        Assert.Contains("second time lucky\n", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stopping_server_gives_its_running_builds_back_to_the_queue()
    {
        await using var server = await BuildsServer.StartAsync(dataDirectory: _data);
        var alice = await server.Api.NewUserAsync("alice");
        var id = await server.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", "BLOCK")), $"repository={alice.Name}/app");
        await server.Builder.Blocked.Task.WaitAsync(TimeSpan.FromMinutes(1), Ct);
        var queue = server.Queue;

        await server.StopAsync();

        var build = await queue.FindAsync(id, Ct);
        Assert.Equal(BuildState.Queued, build!.State);
        Assert.Equal(0, build.Attempts);
        Assert.Equal(1, server.Builder.Cancelled);
        var log = await queue.ReadLogAsync(id, 0, 100, Ct);
        Assert.Equal("stopped: this worker is shutting down", log[^2].Text);
        Assert.StartsWith("worker ", log[^1].Text, StringComparison.Ordinal);
        Assert.EndsWith(" stopped; the build goes back to the queue", log[^1].Text, StringComparison.Ordinal);
    }
}
