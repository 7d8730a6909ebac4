using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Oci;
using Wharf.Registry.Storage;
using Wharf.Server.Tests.Conformance;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Maintenance;

/// <summary>Garbage collection in a running server: the background service, and <c>wharf gc</c> run as a second
/// process on the storage of a server that keeps serving.</summary>
public sealed class GarbageCollectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_background_collector_frees_a_deleted_images_blobs_and_the_kept_image_still_pulls()
    {
        await using var server = await WharfServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["GarbageCollection:Interval"] = "00:00:01",
            ["GarbageCollection:LinkGracePeriod"] = "00:00:03",
        });
        var client = new OciTestClient(server.Client);
        var blobs = server.Services.GetRequiredService<IBlobStore>();
        var kept = await client.PushImageAsync("gc/kept", "1");
        var gone = await client.PushImageAsync("gc/gone", "1");

        using (var delete = await client.DeleteAsync($"/v2/gc/gone/manifests/{gone.Manifest.Digest}"))
        {
            await OciAssert.StatusAsync(delete, HttpStatusCode.Accepted);
        }

        await WaitUntilAsync(async () => await blobs.StatAsync(Digest.Parse(gone.Layer.Digest), Ct) is null);
        Assert.Null(await blobs.StatAsync(Digest.Parse(gone.Config.Digest), Ct));
        await AssertPullsAsync(client, "gc/kept", kept);
    }

    [Fact]
    public async Task Wharf_gc_beside_a_running_server_frees_unreferenced_blobs_and_reports_them()
    {
        var data = Directory.CreateTempSubdirectory("wharf-gc-cli-").FullName;
        try
        {
            await using var server = await WharfProcess.StartAsync(data, Ct);
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            var client = new OciTestClient(http);
            var kept = await client.PushImageAsync("gc/kept", "1");
            var gone = await client.PushImageAsync("gc/gone", "1");
            using (var delete = await client.DeleteAsync($"/v2/gc/gone/manifests/1"))
            {
                await OciAssert.StatusAsync(delete, HttpStatusCode.Accepted); // the tag only: the manifest stays
            }

            using (var delete = await client.DeleteAsync($"/v2/gc/gone/manifests/{gone.Manifest.Digest}"))
            {
                await OciAssert.StatusAsync(delete, HttpStatusCode.Accepted);
            }

            var young = await RunGcAsync(data);
            var collected = await RunGcAsync(data, "--link-grace", "0");

            Assert.Equal("removed 0 unreferenced blob links and 0 blobs, freeing 0 bytes\n", young.StandardOutput);
            Assert.Equal($"removed 2 unreferenced blob links and 2 blobs, freeing {gone.Config.Size + gone.Layer.Size} bytes\n", collected.StandardOutput);
            var blobs = new FileSystemBlobStore(data);
            Assert.Null(await blobs.StatAsync(Digest.Parse(gone.Layer.Digest), Ct));
            await AssertPullsAsync(client, "gc/kept", kept);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Theory]
    [InlineData("--link-grace", "soon", "soon")]
    [InlineData("--config", "/nonexistent/wharf.json", "wharf gc: ")]
    public async Task Wharf_gc_with_bad_input_says_so_in_one_line(string flag, string value, string expected)
    {
        var data = Directory.CreateTempSubdirectory("wharf-gc-cli-").FullName;
        try
        {
            var result = await RunGcAsync(data, flag, value);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static Task<ToolResult> RunGcAsync(string data, params string[] flags) =>
        WharfCli.RunAsync(["gc", "--data-dir", data, .. flags], ct: Ct);

    private static async Task AssertPullsAsync(OciTestClient client, string repository, PushedImage image)
    {
        using var manifest = await client.GetAsync($"/v2/{repository}/manifests/1");
        await OciAssert.StatusAsync(manifest, HttpStatusCode.OK);
        foreach (var blob in new[] { image.Config, image.Layer })
        {
            using var get = await client.GetAsync($"/v2/{repository}/blobs/{blob.Digest}");
            await OciAssert.StatusAsync(get, HttpStatusCode.OK);
            Assert.Equal(blob.Bytes, await get.Content.ReadAsByteArrayAsync(Ct));
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            await Task.Delay(200, timeout.Token);
        }
    }
}
