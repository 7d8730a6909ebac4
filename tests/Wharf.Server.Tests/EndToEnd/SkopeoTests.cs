using System.Net;
using System.Text.Json;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.EndToEnd;

/// <summary>skopeo copies a <c>docker save</c> archive into Wharf, inspects it and copies it back out; docker
/// pulls the result and gets the very image it saved.</summary>
[Collection(ContainerToolsDefinition.Name)]
public sealed class SkopeoTests(DockerEngine docker) : IAsyncLifetime
{
    private WharfServer? _wharf;

    private WharfServer Wharf => _wharf!;

    public async ValueTask InitializeAsync()
    {
        ExternalTool.Require("skopeo");
        _wharf = await WharfServer.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_wharf is not null)
        {
            await _wharf.DisposeAsync();
        }
    }

    [Fact]
    public async Task Skopeo_copies_a_docker_archive_in_and_the_image_pulls_back_unchanged()
    {
        var ct = TestContext.Current.CancellationToken;
        var nonce = Guid.NewGuid().ToString("N");
        var local = $"wharf-e2e/saved:{nonce[..12]}";
        var context = BusyboxImage.CreateContext(docker.NewDirectory("saved"), $$"""
            FROM {{DockerEngine.BaseImage}}
            COPY nonce.txt /nonce.txt
            CMD ["/bin/sh", "-c", "echo saved $(cat /nonce.txt)"]
            """, new Dictionary<string, string> { ["nonce.txt"] = nonce });
        (await docker.DockerAsync(["build", "--network", "none", "-t", local, context], ct)).EnsureSuccess();
        var imageId = (await docker.DockerAsync(["image", "inspect", "--format", "{{.Id}}", local], ct)).EnsureSuccess().StandardOutput.Trim();
        var diffIds = (await docker.DockerAsync(["image", "inspect", "--format", "{{json .RootFS.Layers}}", local], ct)).EnsureSuccess().StandardOutput.Trim();
        var archive = Path.Combine(docker.NewDirectory("archive"), "saved.tar");
        (await docker.DockerAsync(["save", "-o", archive, local], ct)).EnsureSuccess();

        var target = $"docker://{Wharf.HostPort}/team/saved:1";
        var copy = (await Skopeo(["copy", "--dest-tls-verify=false", $"docker-archive:{archive}", target], ct)).EnsureSuccess();
        Assert.Contains("Writing manifest to image destination", copy.Output, StringComparison.Ordinal);

        // skopeo inspect: the digest it reports is Wharf's, the raw manifest hashes to it, and the config
        // (hence the image ID and the layers' diff IDs) survived the trip byte for byte.
        using var inspect = JsonDocument.Parse((await Skopeo(["inspect", "--tls-verify=false", target], ct)).EnsureSuccess().StandardOutput);
        var digest = inspect.RootElement.GetProperty("Digest").GetString()!;
        using var head = await new OciPushClient(Wharf.Client).GetManifestAsync("team/saved", "1", ct, HttpMethod.Head);
        await OciPushClient.ExpectAsync(head, HttpStatusCode.OK, "HEAD /v2/team/saved/manifests/1");
        Assert.Equal(digest, head.Headers.GetValues("Docker-Content-Digest").Single());

        var raw = (await Skopeo(["inspect", "--raw", "--tls-verify=false", target], ct)).EnsureSuccess().StandardOutput;
        Assert.Equal(digest, OciPushClient.DigestOf(System.Text.Encoding.UTF8.GetBytes(raw)));
        using var manifest = JsonDocument.Parse(raw);
        Assert.Equal(imageId, manifest.RootElement.GetProperty("config").GetProperty("digest").GetString());
        using var config = JsonDocument.Parse((await Skopeo(["inspect", "--config", "--tls-verify=false", target], ct)).EnsureSuccess().StandardOutput);
        Assert.Equal(JsonSerializer.Deserialize<string[]>(diffIds), config.RootElement.GetProperty("rootfs").GetProperty("diff_ids").Deserialize<string[]>());

        using var tags = JsonDocument.Parse((await Skopeo(["list-tags", "--tls-verify=false", $"docker://{Wharf.HostPort}/team/saved"], ct)).EnsureSuccess().StandardOutput);
        Assert.Equal(["1"], tags.RootElement.GetProperty("Tags").EnumerateArray().Select(t => t.GetString()));

        // Out again with skopeo, which verifies every blob's digest as it copies.
        var directory = docker.NewDirectory("copied");
        (await Skopeo(["copy", "--src-tls-verify=false", target, $"dir:{directory}"], ct)).EnsureSuccess();
        Assert.Equal(raw, File.ReadAllText(Path.Combine(directory, "manifest.json")));

        // And docker pulls it as the image it saved.
        var pulled = $"localhost:{Wharf.BaseAddress.Port}/team/saved:1";
        var pull = (await docker.DockerAsync(["pull", pulled], ct)).EnsureSuccess();
        Assert.Contains($"Digest: {digest}", pull.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(imageId, (await docker.DockerAsync(["image", "inspect", "--format", "{{.Id}}", pulled], ct)).EnsureSuccess().StandardOutput.Trim());
        var run = (await docker.DockerAsync(["run", "--rm", "--network", "none", pulled], ct)).EnsureSuccess();
        Assert.Equal($"saved {nonce}", run.StandardOutput.Trim());
        (await docker.DockerAsync(["rmi", local, pulled], ct)).EnsureSuccess();
    }

    private static Task<ToolResult> Skopeo(string[] arguments, CancellationToken ct) => ExternalTool.RunAsync("skopeo", arguments, ct: ct);
}
