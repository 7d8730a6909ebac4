using System.Net;

namespace Wharf.Server.Tests.Builds;

/// <summary>Cancelling a running build: its worker hears of it at its next lease renewal, stops the builder (whose
/// processes are gone when its token is), and records it cancelled; a build that ended cannot be cancelled.</summary>
public sealed class BuildCancelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_running_build_is_stopped_and_recorded_cancelled()
    {
        await using var builds = await BuildsServer.StartAsync();
        var alice = await builds.Api.NewUserAsync("alice");
        var before = await Observability.PrometheusScrape.TakeAsync(builds.Api.Server.Client);
        var id = await builds.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", "LOG waiting\nBLOCK")), $"repository={alice.Name}/app");
        await builds.Builder.Blocked.Task.WaitAsync(TimeSpan.FromMinutes(1), Ct);

        var asked = await builds.Api.JsonAsync(HttpMethod.Post, $"/api/v1/builds/{id}/cancel", alice, null);
        var build = await builds.WaitAsync(alice, id);

        Assert.True(asked["cancelRequested"]!.GetValue<bool>());
        Assert.Equal("cancelled", build["state"]!.GetValue<string>());
        Assert.Equal(1, builds.Builder.Cancelled);
        Assert.EndsWith("waiting\nStep 2/2 : BLOCK\ncancelled\n", await builds.LogAsync(alice, id), StringComparison.Ordinal);
        Assert.Null(await PushedImage.TagAsync(builds.Api.Server.Services, $"{alice.Name}/app", "latest"));
        await builds.Api.ExpectAsync(HttpMethod.Post, $"/api/v1/builds/{id}/cancel", alice, HttpStatusCode.Conflict);
        var after = await Observability.PrometheusScrape.TakeAsync(builds.Api.Server.Client);
        var counted = ("outcome", "cancelled");
        Assert.True(after.Sum("wharf_build_duration_seconds_count", counted) >= before.Sum("wharf_build_duration_seconds_count", counted) + 1, after.Text);
    }

    [Fact]
    public async Task A_queued_build_is_cancelled_before_any_worker_takes_it()
    {
        await using var builds = await BuildsServer.StartAsync(new Dictionary<string, string?> { ["Builds:Workers"] = "0" });
        var alice = await builds.Api.NewUserAsync("alice");
        var id = await builds.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", "LOG never")), $"repository={alice.Name}/app");

        var cancelled = await builds.Api.JsonAsync(HttpMethod.Post, $"/api/v1/builds/{id}/cancel", alice, null);

        Assert.Equal("cancelled", cancelled["state"]!.GetValue<string>());
        Assert.Equal("cancelled before a worker took it\n", await builds.LogAsync(alice, id, follow: true));
        Assert.Empty(builds.Builder.Requests);
        Assert.Null(cancelled["startedAt"]);
    }
}
