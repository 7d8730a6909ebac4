using System.Net;
using Wharf.Server.Tests.Conformance;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli;

/// <summary>What <c>wharf copy</c> does when the bytes are wrong or the disk is full: one line, exit 1, and nothing
/// shown at the destination.</summary>
public sealed class CopyFailureTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    private readonly OciTestClient _client = new(fixture.Server.Client);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_corrupted_blob_in_a_layout_is_refused_and_the_registry_gets_no_tag()
    {
        var repository = OciTestClient.NewRepository("corrupt");
        var image = await _client.PushImageAsync(repository, "1");
        var layout = Directory.CreateTempSubdirectory("wharf-corrupt-").FullName;
        try
        {
            (await WharfCli.RunAsync(["copy", $"{fixture.Server.HostPort}/{repository}:1", $"oci:{layout}:1"], ct: Ct)).EnsureSuccess();
            var blob = Path.Combine(layout, "blobs", "sha256", image.Layer.Digest["sha256:".Length..]);
            var bytes = await File.ReadAllBytesAsync(blob, Ct);
            bytes[0] ^= 0xff; // same size, different content
            await File.WriteAllBytesAsync(blob, bytes, Ct);

            var copy = await WharfCli.RunAsync(["copy", $"oci:{layout}:1", $"{fixture.Server.HostPort}/{repository}-copy:1"], ct: Ct);

            Assert.Equal(1, copy.ExitCode);
            var line = ErrorLine(copy);
            Assert.StartsWith("wharf copy: ", line, StringComparison.Ordinal);
            Assert.Contains("digest", line, StringComparison.OrdinalIgnoreCase);
            using var manifest = await _client.GetAsync($"/v2/{repository}-copy/manifests/1");
            Assert.Equal(HttpStatusCode.NotFound, manifest.StatusCode);
            using var layer = await _client.HeadAsync($"/v2/{repository}-copy/blobs/{image.Layer.Digest}");
            Assert.Equal(HttpStatusCode.NotFound, layer.StatusCode);
        }
        finally
        {
            Directory.Delete(layout, recursive: true);
        }
    }

    [Fact]
    public async Task A_full_disk_is_one_line_and_lists_no_image_in_the_layout()
    {
        var repository = OciTestClient.NewRepository("full");
        var config = TestImages.Config();
        var layer = TestImages.Layer(2 * 1024 * 1024);
        await _client.PushBlobsAsync(repository, config, layer);
        await _client.PushManifestAsync(repository, "1", TestImages.Image(config, [layer]));
        var mount = Directory.CreateTempSubdirectory("wharf-full-").FullName;
        // A 512 KiB file system (tmpfs needs root, which the test set-up and CI have).
        (await ExternalTool.RunAsync("mount", ["-t", "tmpfs", "-o", "size=512k", "tmpfs", mount], ct: Ct)).EnsureSuccess();
        try
        {
            var copy = await WharfCli.RunAsync(["copy", $"{fixture.Server.HostPort}/{repository}:1", $"oci:{mount}/layout:1"], ct: Ct);

            Assert.Equal(1, copy.ExitCode);
            var line = ErrorLine(copy);
            Assert.StartsWith("wharf copy: ", line, StringComparison.Ordinal);
            Assert.Contains("No space left on device", line, StringComparison.Ordinal);
            var index = Path.Combine(mount, "layout", "index.json");
            Assert.True(!File.Exists(index) || System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(index, Ct))!["manifests"]!.AsArray().Count == 0);
        }
        finally
        {
            await ExternalTool.RunAsync("umount", [mount], ct: CancellationToken.None);
            Directory.Delete(mount, recursive: true);
        }
    }

    /// <summary>The one error line, after any progress lines (stderr is not a terminal here, so progress is lines).</summary>
    private static string ErrorLine(ToolResult result)
    {
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, l => l.StartsWith("wharf ", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        return lines[^1];
    }
}
