using System.Net;
using System.Text.Json.Nodes;
using Wharf.Server.Tests.Conformance;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli;

/// <summary><c>wharf inspect/tags/catalog/tag/delete/diff/copy</c> as a separate process against a real Wharf.</summary>
public sealed class RegistryCommandsTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    private readonly OciTestClient _client = new(fixture.Server.Client);

    private string Host => fixture.Server.HostPort;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Inspect_shows_layers_raw_prints_the_exact_manifest_and_config_prints_the_config()
    {
        var repository = OciTestClient.NewRepository("cli");
        var image = await _client.PushImageAsync(repository, "1");

        var text = await OkAsync("inspect", $"{Host}/{repository}:1");
        var raw = await OkAsync("inspect", "--raw", $"docker://{Host}/{repository}:1");
        var config = await OkAsync("inspect", "--config", $"{Host}/{repository}:1");
        var json = JsonNode.Parse(await OkAsync("inspect", "--json", $"{Host}/{repository}@{image.Manifest.Digest}"))!;

        Assert.Contains($"Digest:     {image.Manifest.Digest}", text, StringComparison.Ordinal);
        Assert.Contains(image.Layer.Digest, text, StringComparison.Ordinal);
        Assert.Contains("Platform:   linux/amd64", text, StringComparison.Ordinal);
        Assert.Equal(image.Manifest.Bytes, System.Text.Encoding.UTF8.GetBytes(raw));
        Assert.Equal(image.Config.Bytes, System.Text.Encoding.UTF8.GetBytes(config));
        Assert.Equal(image.Manifest.Digest, json["digest"]!.GetValue<string>());
        Assert.Equal(image.Layer.Size, json["layers"]![0]!["size"]!.GetValue<long>());
    }

    [Fact]
    public async Task Tags_and_catalog_list_everything_and_tag_then_delete_move_only_pointers()
    {
        var repository = OciTestClient.NewRepository("cli");
        var image = await _client.PushImageAsync(repository, "1");

        var tagged = await OkAsync("tag", $"{Host}/{repository}:1", "2");
        var tags = (await OkAsync("tags", $"{Host}/{repository}")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var catalog = JsonNode.Parse(await OkAsync("catalog", "--json", Host))!["repositories"]!.AsArray().Select(n => n!.GetValue<string>());
        await OkAsync("delete", $"{Host}/{repository}:1");
        var afterDelete = (await OkAsync("tags", $"{Host}/{repository}")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains(image.Manifest.Digest, tagged, StringComparison.Ordinal);
        Assert.Equal(["1", "2"], tags);
        Assert.Contains(repository, catalog);
        Assert.Equal(["2"], afterDelete);
        using var byDigest = await _client.GetAsync($"/v2/{repository}/manifests/{image.Manifest.Digest}");
        Assert.Equal(HttpStatusCode.OK, byDigest.StatusCode);

        await OkAsync("delete", $"{Host}/{repository}@{image.Manifest.Digest}");
        using var gone = await _client.GetAsync($"/v2/{repository}/manifests/2");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Diff_reports_shared_and_new_layers_like_the_api()
    {
        var repository = OciTestClient.NewRepository("cli");
        var (shared, fresh) = (TestImages.Layer(4000), TestImages.Layer(1000));
        var (configA, configB) = (TestImages.Config(), TestImages.Config());
        await _client.PushBlobsAsync(repository, shared, fresh, configA, configB);
        await _client.PushManifestAsync(repository, "1", TestImages.Image(configA, [shared]));
        await _client.PushManifestAsync(repository, "2", TestImages.Image(configB, [shared, fresh]));

        var text = await OkAsync("diff", $"{Host}/{repository}:1", $"{Host}/{repository}:2");
        var json = JsonNode.Parse(await OkAsync("diff", "--json", $"{Host}/{repository}:1", $"{Host}/{repository}:2"))!;
        using var api = await fixture.Server.Client.GetAsync($"/api/v1/diff?from={repository}:1&to={repository}:2", Ct);
        var fromApi = JsonNode.Parse(await api.Content.ReadAsStringAsync(Ct))!;

        Assert.Contains($"shared  {shared.Digest}", text, StringComparison.Ordinal);
        Assert.Contains($"new     {fresh.Digest}", text, StringComparison.Ordinal);
        Assert.Equal(fresh.Size + configB.Size, json["downloadBytes"]!.GetValue<long>());
        Assert.True(JsonNode.DeepEquals(fromApi, json), $"CLI {json} vs API {fromApi}");
    }

    [Fact]
    public async Task Copy_to_a_layout_and_back_keeps_the_digest_and_copy_within_a_registry_mounts()
    {
        var repository = OciTestClient.NewRepository("cli");
        var image = await _client.PushImageAsync(repository, "1");
        var layout = Directory.CreateTempSubdirectory("wharf-cli-layout-").FullName;
        try
        {
            await OkAsync("copy", $"docker://{Host}/{repository}:1", $"oci:{layout}:v1");
            var back = await OkAsync("copy", $"oci:{layout}:v1", $"docker://{Host}/{repository}-back:1");
            var mounted = await RunAsync("copy", $"{Host}/{repository}:1", $"{Host}/{repository}-mounted:1");
            var again = JsonNode.Parse(await OkAsync("copy", "--json", $"{Host}/{repository}:1", $"{Host}/{repository}-mounted:1"))!;

            Assert.Contains(image.Manifest.Digest, back, StringComparison.Ordinal);
            using var head = await _client.HeadAsync($"/v2/{repository}-back/manifests/1");
            Assert.Equal(image.Manifest.Digest, OciAssert.Header(head, "Docker-Content-Digest"));
            Assert.Equal(0, mounted.ExitCode);
            Assert.Contains("mounted", mounted.StandardError, StringComparison.Ordinal);
            Assert.Equal(0, again["blobsCopied"]!.GetValue<int>());
            Assert.Equal(2, again["blobsReused"]!.GetValue<int>());
        }
        finally
        {
            Directory.Delete(layout, recursive: true);
        }
    }

    [Theory]
    [InlineData("copy", "{host}/nobody/here:1", "oci:/tmp/wharf-never", "no such manifest")]
    [InlineData("copy", "127.0.0.1:9/team/app:1", "oci:/tmp/wharf-never", "127.0.0.1:9")]
    [InlineData("copy", "oci:/nonexistent/layout", "{host}/x/y:1", "/nonexistent/layout")]
    [InlineData("copy", "localhost:5000/Bad/Name:1", "oci:/tmp/x", "not a valid repository name")]
    [InlineData("copy", "{host}/a/b:1", "oci:/tmp/x", "")]
    [InlineData("inspect", "--platform=linux", "{host}/a/b:1", "not a platform")]
    [InlineData("copy", "{host}/a/b:1", "", "required")]
    [InlineData("tags", "{host}/nobody/here", "", "")]
    [InlineData("delete", "{host}/nobody/here:1", "", "")]
    [InlineData("catalog", "not a host/", "", "not a registry host")]
    public async Task Failures_are_one_line_on_stderr_and_exit_1(string command, string first, string second, string expected)
    {
        string[] arguments = [command, .. new[] { first, second }.Where(a => a.Length > 0).Select(a => a.Replace("{host}", Host, StringComparison.Ordinal))];

        var result = await RunAsync(arguments);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"wharf {command}: ", line, StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
        Assert.Contains(expected, line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", line, StringComparison.Ordinal);
    }

    private static Task<ToolResult> RunAsync(params string[] arguments) => WharfCli.RunAsync(arguments, ct: Ct);

    private static async Task<string> OkAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode == 0, result.Describe());
        return result.StandardOutput;
    }
}
