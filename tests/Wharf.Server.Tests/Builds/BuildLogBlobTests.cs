using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Oci;
using Wharf.Registry.Builds;
using Wharf.Registry.Maintenance;
using Wharf.Registry.Storage;
using Wharf.Server.Tests.Api.Accounts;

namespace Wharf.Server.Tests.Builds;

/// <summary>Build logs kept in the blob store, on a real server: a worker moves its build's log there as the build ends;
/// <c>GET …/log</c> answers the same text before and after the move, and a follower reading rows when the log moves
/// goes on in the blob; garbage collection keeps the blob.</summary>
public sealed class BuildLogBlobTests(BuildsServerFixture fixture) : IClassFixture<BuildsServerFixture>
{
    private BuildsServer Builds => fixture.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_workers_build_ends_with_its_log_in_one_blob_that_collection_keeps()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        var id = await Builds.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", "LOG first line\nLOG ünïcødé ✓\nLOG last line")), $"repository={alice.Name}/app");
        Assert.Equal("succeeded", (await Builds.WaitAsync(alice, id))["state"]!.GetValue<string>());

        var moved = await MovedAsync(id);
        var log = await Builds.LogAsync(alice, id);
        await Builds.Api.Server.Services.GetRequiredService<GarbageCollector>().CollectAsync(TimeSpan.Zero, Ct);

        Assert.Empty(await Builds.Queue.ReadLogAsync(id, 0, 10, Ct));
        Assert.NotNull(await Builds.Api.Server.Services.GetRequiredService<IBlobStore>().StatAsync(moved, Ct));
        Assert.Contains("\nünïcødé ✓\n", log, StringComparison.Ordinal);
        Assert.StartsWith($"build {id} of {alice.Name}/app on worker ", log, StringComparison.Ordinal);
        Assert.Matches(@"\npushed sha256:[0-9a-f]{64} as .*/app:latest\n$", log);
        Assert.Equal(log, await Builds.LogAsync(alice, id));
        Assert.Equal(log, await Builds.LogAsync(alice, id, follow: true));
    }

    [Fact]
    public async Task The_log_reads_the_same_from_rows_and_from_its_blob_and_a_follower_goes_on_in_the_blob()
    {
        // No workers: the test plays the worker, so that a log stays rows until it moves it.
        await using var server = await BuildsServer.StartAsync(new Dictionary<string, string?> { ["Builds:Workers"] = "0" });
        var alice = await server.Api.NewUserAsync("alice");
        var archive = server.Api.Server.Services.GetRequiredService<BuildLogArchive>();
        var early = Enumerable.Range(1, 1500).Select(i => $"early line {i} ✓").ToList();
        var late = Enumerable.Range(1, 1500).Select(i => $"late line {i}").ToList();
        var expected = string.Concat(early.Concat(late).Select(l => l + "\n"));
        var read = await ClaimAsync(server, alice);
        var followed = await ClaimAsync(server, alice);
        await server.Queue.AppendLogAsync(read, "test-worker", 1, [.. early, .. late], Ct);
        await server.Queue.AppendLogAsync(followed, "test-worker", 1, early, Ct);
        using var follow = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/builds/{followed}/log?follow=true");
        follow.Headers.Authorization = AccountsApiServer.Basic(alice);
        using var following = await server.Api.Server.Client.SendAsync(follow, HttpCompletionOption.ResponseHeadersRead, Ct);
        var followedText = following.Content.ReadAsStringAsync(Ct);

        await server.Queue.FailAsync(read, "test-worker", "failed on purpose", Ct);
        var fromRows = await server.LogAsync(alice, read);
        Assert.True(await archive.ArchiveAsync(read, Ct));
        var fromBlob = await server.LogAsync(alice, read);
        // The follower has read the early lines from rows by now; the late ones and the end come at once, in the blob.
        await server.Queue.AppendLogAsync(followed, "test-worker", 1501, late, Ct);
        await server.Queue.FailAsync(followed, "test-worker", "failed on purpose", Ct);
        Assert.True(await archive.ArchiveAsync(followed, Ct));

        Assert.Equal(expected, fromRows);
        Assert.Equal(expected, fromBlob);
        Assert.Empty(await server.Queue.ReadLogAsync(read, 0, 10, Ct));
        Assert.Equal(expected, await followedText.WaitAsync(TimeSpan.FromMinutes(1), Ct));
        Assert.Equal(new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" }, following.Content.Headers.ContentType);
    }

    private static async Task<long> ClaimAsync(BuildsServer server, ApiLogin who)
    {
        var queued = await server.Queue.EnqueueAsync(
            new BuildSpec { Repository = $"{who.Name}/app", Tags = ["1"], RequestedBy = who.Name, ContextDigest = Digest.Compute([1]) }, Ct);
        Assert.Equal(queued.Id, (await server.Queue.ClaimAsync("test-worker", TimeSpan.FromMinutes(5), Ct))!.Build.Id);
        return queued.Id;
    }

    /// <summary>Waits (at most a minute) for the worker to have moved the build's log; its blob.</summary>
    private async Task<Digest> MovedAsync(long id)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        while (true)
        {
            if ((await Builds.Queue.FindAsync(id, timeout.Token))?.LogDigest is { } digest)
            {
                return digest;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
