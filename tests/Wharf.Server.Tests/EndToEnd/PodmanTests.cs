using System.Net;
using System.Text.Json;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.EndToEnd;

/// <summary>podman (vfs storage, plain HTTP) pulls what docker pushed to Wharf, and pushes what docker then pulls and runs.</summary>
[Collection(ContainerToolsDefinition.Name)]
public sealed class PodmanTests(DockerEngine docker) : IAsyncLifetime
{
    private readonly ContainerStorage _storage = new();
    private WharfServer? _wharf;

    private WharfServer Wharf => _wharf!;

    public async ValueTask InitializeAsync()
    {
        ExternalTool.Require("podman");
        _wharf = await WharfServer.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_wharf is not null)
        {
            await _wharf.DisposeAsync();
        }

        _storage.Dispose();
    }

    [Fact]
    public async Task Podman_pulls_what_docker_pushed_and_pushes_it_on_to_another_repository()
    {
        var ct = TestContext.Current.CancellationToken;
        var nonce = Guid.NewGuid().ToString("N");
        var dockerReference = $"localhost:{Wharf.BaseAddress.Port}/team/app:1";
        var context = BusyboxImage.CreateContext(docker.NewDirectory("podman-pull"), $$"""
            FROM {{DockerEngine.BaseImage}}
            COPY nonce.txt /nonce.txt
            """, new Dictionary<string, string> { ["nonce.txt"] = nonce });
        (await docker.DockerAsync(["build", "--network", "none", "-t", dockerReference, context], ct)).EnsureSuccess();
        (await docker.DockerAsync(["push", dockerReference], ct)).EnsureSuccess();
        var imageId = (await docker.DockerAsync(["image", "inspect", "--format", "{{.Id}}", dockerReference], ct)).EnsureSuccess().StandardOutput.Trim();
        (await docker.DockerAsync(["rmi", dockerReference], ct)).EnsureSuccess();
        var digest = await ManifestDigestAsync("team/app", "1", ct);

        var reference = $"{Wharf.HostPort}/team/app:1";
        var pull = (await _storage.PodmanAsync(["pull", "--tls-verify=false", reference], ct)).EnsureSuccess();
        Assert.Contains("Writing manifest to image destination", pull.Output, StringComparison.Ordinal);
        var inspect = (await _storage.PodmanAsync(["image", "inspect", "--format", "{{.Id}} {{.Digest}}", reference], ct)).EnsureSuccess();
        Assert.Equal($"{imageId["sha256:".Length..]} {digest}", inspect.StandardOutput.Trim());

        var copy = $"{Wharf.HostPort}/podman/copy:1";
        var digestFile = Path.Combine(_storage.Root, "copy.digest");
        (await _storage.PodmanAsync(["push", "--tls-verify=false", "--digestfile", digestFile, reference, $"docker://{copy}"], ct)).EnsureSuccess();
        Assert.Equal(await ManifestDigestAsync("podman/copy", "1", ct), File.ReadAllText(digestFile).Trim());
        await AssertPullsIntactAsync("podman/copy", "1", ct);
    }

    [Fact]
    public async Task Podman_pushes_an_image_of_its_own_that_docker_pulls_and_runs()
    {
        var ct = TestContext.Current.CancellationToken;
        var nonce = Guid.NewGuid().ToString("N");
        var rootfs = Path.Combine(_storage.Root, "rootfs.tar");
        await BusyboxImage.WriteRootfsTarAsync(rootfs, new Dictionary<string, string> { ["marker"] = nonce }, ct);
        var local = $"localhost/wharf-e2e/podman:{nonce[..12]}";
        (await _storage.PodmanAsync(["import", "--change", """CMD ["/bin/sh", "-c", "echo podman $(cat /marker)"]""", rootfs, local], ct)).EnsureSuccess();

        var digestFile = Path.Combine(_storage.Root, "push.digest");
        var push = (await _storage.PodmanAsync(["push", "--tls-verify=false", "--digestfile", digestFile, local, $"docker://{Wharf.HostPort}/team/podman:1"], ct)).EnsureSuccess();
        Assert.Contains("Writing manifest to image destination", push.Output, StringComparison.Ordinal);
        var digest = File.ReadAllText(digestFile).Trim();
        Assert.Equal(digest, await ManifestDigestAsync("team/podman", "1", ct));
        await AssertPullsIntactAsync("team/podman", "1", ct);

        var dockerReference = $"localhost:{Wharf.BaseAddress.Port}/team/podman:1";
        var pull = (await docker.DockerAsync(["pull", dockerReference], ct)).EnsureSuccess();
        Assert.Contains($"Digest: {digest}", pull.StandardOutput, StringComparison.Ordinal);
        var run = (await docker.DockerAsync(["run", "--rm", "--network", "none", dockerReference], ct)).EnsureSuccess();
        Assert.Equal($"podman {nonce}", run.StandardOutput.Trim());
        (await docker.DockerAsync(["rmi", dockerReference], ct)).EnsureSuccess();
    }

    private async Task<string> ManifestDigestAsync(string repository, string tag, CancellationToken ct)
    {
        using var head = await new OciPushClient(Wharf.Client).GetManifestAsync(repository, tag, ct, HttpMethod.Head);
        await OciPushClient.ExpectAsync(head, HttpStatusCode.OK, $"HEAD /v2/{repository}/manifests/{tag}");
        return head.Headers.GetValues("Docker-Content-Digest").Single();
    }

    /// <summary>GET the manifest and every blob it names over HTTP; each must hash to its digest.</summary>
    private async Task AssertPullsIntactAsync(string repository, string tag, CancellationToken ct)
    {
        var client = new OciPushClient(Wharf.Client);
        using var response = await client.GetManifestAsync(repository, tag, ct);
        await OciPushClient.ExpectAsync(response, HttpStatusCode.OK, $"GET /v2/{repository}/manifests/{tag}");
        using var manifest = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct));
        foreach (var blob in manifest.RootElement.GetProperty("layers").EnumerateArray().Append(manifest.RootElement.GetProperty("config")))
        {
            await client.GetVerifiedBlobAsync(repository, blob.GetProperty("digest").GetString()!, ct);
        }
    }
}
