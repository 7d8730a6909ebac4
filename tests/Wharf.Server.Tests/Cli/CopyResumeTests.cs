using Wharf.Server.Tests.Client;
using Wharf.Server.Tests.Conformance;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli;

/// <summary><c>wharf copy</c> through a network that drops the connection in the middle of a chunk: the copy resumes
/// where the registry says it has the bytes, and draws per-layer progress bars on a terminal.</summary>
public sealed class CopyResumeTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    private readonly OciTestClient _client = new(fixture.Server.Client);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_copy_whose_connection_is_cut_mid_chunk_resumes_and_the_image_arrives_intact()
    {
        var repository = OciTestClient.NewRepository("resume");
        var config = TestImages.Config();
        var layer = TestImages.Layer(40 * 1024 * 1024); // three 16 MiB chunks
        await _client.PushBlobsAsync(repository, config, layer);
        await _client.PushManifestAsync(repository, "1", TestImages.Image(config, [layer]));
        await using var proxy = new CuttingProxy(fixture.Server.BaseAddress.Port, cutAfter: 24L * 1024 * 1024);

        var copy = await WharfCli.RunAsync(["copy", "--json", $"{fixture.Server.HostPort}/{repository}:1", $"{proxy.HostPort}/{repository}-resumed:1"], ct: Ct);

        Assert.True(copy.ExitCode == 0, copy.Describe());
        Assert.Equal(1, proxy.Cuts);
        using var get = await _client.GetAsync($"/v2/{repository}-resumed/blobs/{layer.Digest}");
        Assert.Equal(layer.Bytes, await get.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task On_a_terminal_copy_draws_a_progress_bar_per_layer_with_bytes()
    {
        var repository = OciTestClient.NewRepository("bars");
        var image = await _client.PushImageAsync(repository, "1");
        var layout = Directory.CreateTempSubdirectory("wharf-bars-").FullName;
        try
        {
            var dll = await WharfProcess.EnsureCliBuiltAsync(Ct);
            // script(1) runs the command on a pseudo-terminal, as a person at a shell would.
            var command = $"dotnet '{dll}' copy {fixture.Server.HostPort}/{repository}:1 oci:{layout}:1";
            var result = await ExternalTool.RunAsync("script", ["-qec", command, "/dev/null"], new Dictionary<string, string> { ["TERM"] = "xterm-256color", ["COLUMNS"] = "120" }, ct: Ct);

            Assert.True(result.ExitCode == 0, result.Describe());
            Assert.Contains("━", result.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("100%", result.StandardOutput, StringComparison.Ordinal);
            Assert.Contains(image.Layer.Digest[..19], result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(layout, recursive: true);
        }
    }
}
