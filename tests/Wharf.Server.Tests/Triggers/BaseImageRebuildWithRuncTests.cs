using System.Net;
using Wharf.Registry.Builds;
using Wharf.Server.Tests.Api.Accounts;
using Wharf.Server.Tests.Builds;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Triggers;

/// <summary>Docker Hub's repository links with the server's real builder (runc): one trigger builds a busybox base image,
/// another an application FROM it (by this registry's host, as its Dockerfile names it); a new commit of the base's
/// repository rebuilds the base, and its new digest rebuilds the application on top of it, with reason
/// <c>base-image</c>, its RUN seeing the new base's files.</summary>
public sealed class BaseImageRebuildWithRuncTests : IAsyncLifetime
{
    private readonly TestGitRepository _base = new();
    private readonly TestGitRepository _app = new();
    private BuildsServer? _server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private BuildsServer Server => _server!;

    public async ValueTask InitializeAsync() => _server = await BuildsServer.StartAsync(runcBuilder: true);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _base.Dispose();
        _app.Dispose();
    }

    [Fact]
    public async Task A_new_base_image_rebuilds_the_application_on_top_of_it()
    {
        var alice = await Server.Api.NewUserAsync("alice");
        File.Copy(BusyboxImage.RequireStaticBusybox(), Path.Combine(_base.Directory, "busybox"));
        await _base.CommitAsync("base one", ("Dockerfile", BusyboxImage.BaseDockerfile + "\nCOPY version.txt /version.txt\n"), ("version.txt", "one"));
        await _app.CommitAsync("app", ("Dockerfile", $"FROM {Server.Api.Server.HostPort}/{alice.Name}/base:1\nRUN cat /version.txt > /built-on.txt\n"));
        var baseTrigger = await TriggerAsync(alice, $"{alice.Name}/base", _base, "1");
        var appTrigger = await TriggerAsync(alice, $"{alice.Name}/app", _app, "latest");
        await BuildNowAsync(alice, baseTrigger);
        var first = await BuildNowAsync(alice, appTrigger);
        Assert.Equal("one", (await PushedImage.FilesAsync(Server.Api.Server.Services, $"{alice.Name}/app", "latest"))["built-on.txt"]);

        await _base.CommitAsync("base two", ("version.txt", "two"));
        await BuildNowAsync(alice, baseTrigger);
        var rebuilt = await RebuildAsync(alice, $"{alice.Name}/app", first);

        Assert.Equal(BuildReasons.BaseImage, rebuilt.Spec.Reason);
        Assert.Equal("two", (await PushedImage.FilesAsync(Server.Api.Server.Services, $"{alice.Name}/app", "latest"))["built-on.txt"]);
        var watched = (await Server.Api.JsonAsync(HttpMethod.Get, $"/api/v1/triggers/{appTrigger}", alice, null))["baseImages"]!.AsArray();
        Assert.Equal(
            (await PushedImage.TagAsync(Server.Api.Server.Services, $"{alice.Name}/base", "1")).ToString(),
            Assert.Single(watched)!["digest"]!.GetValue<string>());
    }

    private async Task<long> TriggerAsync(ApiLogin who, string repository, TestGitRepository git, string tag)
    {
        var body = $$"""{"repository":"{{repository}}","gitUrl":"{{git.Url}}","rules":[{"kind":"branch","source":"main","tag":"{{tag}}"}]}""";
        return (await Server.Api.JsonAsync(HttpMethod.Post, "/api/v1/triggers", who, body, HttpStatusCode.Created))["trigger"]!["id"]!.GetValue<long>();
    }

    private async Task<long> BuildNowAsync(ApiLogin who, long trigger)
    {
        var queued = await Server.Api.JsonAsync(HttpMethod.Post, $"/api/v1/triggers/{trigger}/builds", who, """{"ref":"main"}""", HttpStatusCode.Accepted);
        var id = queued[0]!["buildId"]!.GetValue<long>();
        var ended = await Server.WaitAsync(who, id);
        Assert.True(ended["state"]!.GetValue<string>() == "succeeded", $"{ended.ToJsonString()}\n{await Server.LogAsync(who, id)}");
        return id;
    }

    private async Task<BuildRecord> RebuildAsync(ApiLogin who, string repository, long after)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        while (true)
        {
            var builds = await Server.Queue.ListAsync(repository, null, 20, timeout.Token);
            if (builds.FirstOrDefault(b => b.Id > after && b.Spec.Reason == BuildReasons.BaseImage) is { } build)
            {
                var ended = await Server.WaitAsync(who, build.Id);
                Assert.True(ended["state"]!.GetValue<string>() == "succeeded", $"{ended.ToJsonString()}\n{await Server.LogAsync(who, build.Id)}");
                return (await Server.Queue.FindAsync(build.Id, Ct))!;
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
