using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.EndToEnd;

/// <summary>The docker CLI and a real Docker engine against Wharf on Kestrel: build, push, layer reuse,
/// cross-repository mount, pull and run.</summary>
[Collection(ContainerToolsDefinition.Name)]
public sealed partial class DockerTests(DockerEngine docker) : IAsyncLifetime
{
    private WharfServer? _wharf;

    /// <summary>localhost:PORT: Docker treats loopback registries as plain HTTP.</summary>
    private string Registry => $"localhost:{_wharf!.BaseAddress.Port}";

    public async ValueTask InitializeAsync() => _wharf = await WharfServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_wharf is not null)
        {
            await _wharf.DisposeAsync();
        }
    }

    [Fact]
    public async Task Docker_pushes_reuses_and_mounts_layers_then_pulls_and_runs_what_it_pushed()
    {
        var ct = TestContext.Current.CancellationToken;
        var nonce = Guid.NewGuid().ToString("N");
        var app1 = $"{Registry}/team/app:1";
        var app2 = $"{Registry}/team/app:2";
        var other = $"{Registry}/other/app:1";

        // app:1 starts with a layer of its own, so none of its layers is in the engine under any other image.
        var context1 = BusyboxImage.CreateContext(docker.NewDirectory("app1"), """
            FROM scratch
            COPY nonce.txt /nonce.txt
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "--install", "-s", "/bin"]
            CMD ["/bin/sh", "-c", "echo app1 $(cat /nonce.txt)"]
            """, new Dictionary<string, string> { ["nonce.txt"] = nonce });
        await DockerOkAsync(["build", "--network", "none", "-t", app1, context1], ct);
        var layers1 = await DiffIdsAsync(app1, ct);
        Assert.Equal(3, layers1.Count);

        var push1 = await DockerOkAsync(["push", app1], ct);
        foreach (var layer in layers1)
        {
            AssertLayerStatus(push1, layer, "Pushed");
        }

        var (digest1, size1) = PushedDigest(push1, "1");
        await AssertManifestAsync("team/app", "1", digest1, size1, push1, ct);
        var repoDigests = (await DockerOkAsync(["image", "inspect", "--format", "{{json .RepoDigests}}", app1], ct)).StandardOutput;
        Assert.Contains($"{Registry}/team/app@{digest1}", repoDigests, StringComparison.Ordinal);

        // app:2 adds one layer: only that one travels.
        var context2 = BusyboxImage.CreateContext(docker.NewDirectory("app2"), $$"""
            FROM {{app1}}
            RUN ["/bin/sh", "-c", "echo two > /two.txt"]
            CMD ["/bin/sh", "-c", "echo app2 $(cat /nonce.txt) $(cat /two.txt)"]
            """);
        await DockerOkAsync(["build", "--network", "none", "-t", app2, context2], ct);
        var layers2 = await DiffIdsAsync(app2, ct);
        Assert.Equal(layers1, layers2.Take(3));
        var push2 = await DockerOkAsync(["push", app2], ct);
        foreach (var layer in layers1)
        {
            AssertLayerStatus(push2, layer, "Layer already exists");
        }

        AssertLayerStatus(push2, layers2[3], "Pushed");
        var (digest2, size2) = PushedDigest(push2, "2");
        await AssertManifestAsync("team/app", "2", digest2, size2, push2, ct);

        // Another repository of the same registry: every layer is mounted, none uploaded.
        await DockerOkAsync(["tag", app2, other], ct);
        var pushOther = await DockerOkAsync(["push", other], ct);
        foreach (var layer in layers2)
        {
            AssertLayerStatus(pushOther, layer, "Mounted from team/app");
        }

        Assert.Equal(digest2, PushedDigest(pushOther, "1").Digest);
        await AssertManifestAsync("other/app", "1", digest2, size2, pushOther, ct);

        // Forget everything locally, then pull every layer back from Wharf and run it.
        await DockerOkAsync(["rmi", app1, app2, other], ct);
        var gone = await docker.DockerAsync(["image", "inspect", app2], ct);
        Assert.True(gone.ExitCode != 0, $"the image should be gone before the pull:\n{gone}");

        var pull2 = await DockerOkAsync(["pull", app2], ct);
        Assert.True(PullComplete().Count(pull2.StandardOutput) == 4, $"expected 4 layers downloaded:\n{pull2}");
        Assert.Contains($"Digest: {digest2}", pull2.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"Status: Downloaded newer image for {app2}", pull2.StandardOutput, StringComparison.Ordinal);
        var run2 = await DockerOkAsync(["run", "--rm", "--network", "none", app2], ct);
        Assert.Equal($"app2 {nonce} two", run2.StandardOutput.Trim());

        // By digest, as a deployment pins it.
        var byDigest = $"{Registry}/team/app@{digest1}";
        var pull1 = await DockerOkAsync(["pull", byDigest], ct);
        Assert.Contains($"Digest: {digest1}", pull1.StandardOutput, StringComparison.Ordinal);
        var run1 = await DockerOkAsync(["run", "--rm", "--network", "none", byDigest], ct);
        Assert.Equal($"app1 {nonce}", run1.StandardOutput.Trim());

        await DockerOkAsync(["rmi", byDigest, app2], ct);
    }

    /// <summary>The digest docker printed is the one Wharf answers with on HEAD and GET, and the bytes hash to it.</summary>
    private async Task AssertManifestAsync(string repository, string tag, string digest, long size, ToolResult push, CancellationToken ct)
    {
        var client = new OciPushClient(_wharf!.Client);
        using var head = await client.GetManifestAsync(repository, tag, ct, HttpMethod.Head);
        await OciPushClient.ExpectAsync(head, HttpStatusCode.OK, $"HEAD /v2/{repository}/manifests/{tag}");
        Assert.True(digest == head.Headers.GetValues("Docker-Content-Digest").Single(), $"HEAD disagrees with what docker printed:\n{push}");
        Assert.Equal(size, head.Content.Headers.ContentLength);

        using var get = await client.GetManifestAsync(repository, tag, ct);
        var body = await get.Content.ReadAsByteArrayAsync(ct);
        Assert.Equal(digest, OciPushClient.DigestOf(body));
        Assert.Equal(OciPushClient.DockerManifest, get.Content.Headers.ContentType?.MediaType);
        using var manifest = JsonDocument.Parse(body);
        var blobs = manifest.RootElement.GetProperty("layers").EnumerateArray().Append(manifest.RootElement.GetProperty("config"));
        foreach (var blob in blobs)
        {
            await client.GetVerifiedBlobAsync(repository, blob.GetProperty("digest").GetString()!, ct);
        }
    }

    private async Task<List<string>> DiffIdsAsync(string image, CancellationToken ct)
    {
        var inspect = await DockerOkAsync(["image", "inspect", "--format", "{{json .RootFS.Layers}}", image], ct);
        return JsonSerializer.Deserialize<List<string>>(inspect.StandardOutput)!;
    }

    private async Task<ToolResult> DockerOkAsync(string[] arguments, CancellationToken ct) =>
        (await docker.DockerAsync(arguments, ct)).EnsureSuccess();

    /// <summary>docker push prints one status line per layer, named by the first 12 hex digits of its diff ID.</summary>
    private static void AssertLayerStatus(ToolResult push, string diffId, string status)
    {
        var line = $"{diffId["sha256:".Length..][..12]}: {status}";
        Assert.True(push.StandardOutput.Split('\n').Any(l => l.Trim() == line), $"expected '{line}' in:\n{push}");
    }

    /// <summary>"TAG: digest: sha256:… size: N", the last line of a docker push.</summary>
    private static (string Digest, long Size) PushedDigest(ToolResult push, string tag)
    {
        var match = DigestLine().Matches(push.StandardOutput).SingleOrDefault(m => m.Groups["tag"].Value == tag);
        Assert.True(match is not null, $"no '{tag}: digest: … size: …' line in:\n{push}");
        return (match.Groups["digest"].Value, long.Parse(match.Groups["size"].Value));
    }

    [GeneratedRegex(@"^(?<tag>\S+): digest: (?<digest>sha256:[0-9a-f]{64}) size: (?<size>\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex DigestLine();

    [GeneratedRegex(@"^[0-9a-f]{12}: Pull complete\s*$", RegexOptions.Multiline)]
    private static partial Regex PullComplete();
}
