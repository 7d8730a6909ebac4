using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.EndToEnd;

/// <summary>buildah makes two single-platform images, joins them in a manifest list and pushes it with --all;
/// Wharf serves the list and both children, skopeo reads it raw, and docker pulls the child for its platform.</summary>
[Collection(ContainerToolsDefinition.Name)]
public sealed class BuildahTests(DockerEngine docker) : IAsyncLifetime
{
    private static readonly string[] Architectures = ["amd64", "arm64"];
    private readonly ContainerStorage _storage = new();
    private WharfServer? _wharf;

    private WharfServer Wharf => _wharf!;

    public async ValueTask InitializeAsync()
    {
        ExternalTool.Require("buildah");
        ExternalTool.Require("skopeo");
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

    [Theory]
    [InlineData("v2s2", OciPushClient.DockerManifestList)]
    [InlineData("oci", OciPushClient.OciIndex)]
    public async Task Buildah_pushes_a_two_platform_list_with_all_its_images(string format, string listMediaType)
    {
        var ct = TestContext.Current.CancellationToken;
        var list = $"localhost/wharf-e2e/multi-{format}:1";
        (await Buildah(["manifest", "create", list], ct)).EnsureSuccess();
        foreach (var arch in Architectures)
        {
            var image = await BuildSinglePlatformAsync(arch, format, ct);
            (await Buildah(["manifest", "add", "--os", "linux", "--arch", arch, list, $"containers-storage:{image}"], ct)).EnsureSuccess();
        }

        var target = $"docker://{Wharf.HostPort}/team/multi:{format}";
        var digestFile = Path.Combine(_storage.Root, $"{format}.digest");
        var push = (await Buildah(["manifest", "push", "--all", "--format", format, "--tls-verify=false", "--digestfile", digestFile, list, target], ct)).EnsureSuccess();
        Assert.Contains("Writing manifest list to image destination", push.Output, StringComparison.Ordinal);

        // The list, as Wharf serves it.
        var client = new OciPushClient(Wharf.Client);
        using var response = await client.GetManifestAsync("team/multi", format, ct);
        await OciPushClient.ExpectAsync(response, HttpStatusCode.OK, $"GET /v2/team/multi/manifests/{format}");
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        var digest = OciPushClient.DigestOf(body);
        Assert.Equal(listMediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(digest, response.Headers.GetValues("Docker-Content-Digest").Single());
        Assert.Equal(File.ReadAllText(digestFile).Trim(), digest);

        using var index = JsonDocument.Parse(body);
        var children = index.RootElement.GetProperty("manifests").EnumerateArray().ToList();
        Assert.Equal(
            Architectures.Select(a => $"linux/{a}").Order(),
            children.Select(c => $"{c.GetProperty("platform").GetProperty("os").GetString()}/{c.GetProperty("platform").GetProperty("architecture").GetString()}").Order());
        foreach (var child in children)
        {
            await AssertChildAsync(client, child, ct);
        }

        // skopeo reads the very same bytes.
        var raw = (await ExternalTool.RunAsync("skopeo", ["inspect", "--raw", "--tls-verify=false", target], ct: ct)).EnsureSuccess();
        Assert.Equal(System.Text.Encoding.UTF8.GetString(body), raw.StandardOutput);

        // docker resolves the list to its own platform and runs that child.
        var reference = $"localhost:{Wharf.BaseAddress.Port}/team/multi:{format}";
        var pull = (await docker.DockerAsync(["pull", reference], ct)).EnsureSuccess();
        Assert.Contains($"Digest: {digest}", pull.StandardOutput, StringComparison.Ordinal);
        var run = (await docker.DockerAsync(["run", "--rm", "--network", "none", reference], ct)).EnsureSuccess();
        Assert.Equal($"built for {HostArchitecture}", run.StandardOutput.Trim());
        (await docker.DockerAsync(["rmi", reference], ct)).EnsureSuccess();
    }

    /// <summary>FROM scratch, busybox and a marker naming the platform, committed for <paramref name="arch"/>. The
    /// busybox is the host's, so only the host's child really runs; the other is there to be listed and fetched.</summary>
    private async Task<string> BuildSinglePlatformAsync(string arch, string format, CancellationToken ct)
    {
        var container = $"wharf-e2e-{format}-{arch}-{Guid.NewGuid():N}";
        var image = $"localhost/wharf-e2e/multi-{format}-{arch}:1";
        var marker = Path.Combine(_storage.Root, $"marker-{format}-{arch}");
        File.WriteAllText(marker, $"built for {arch}\n");
        (await Buildah(["from", "--name", container, "--arch", arch, "--os", "linux", "scratch"], ct)).EnsureSuccess();
        (await Buildah(["copy", container, BusyboxImage.RequireStaticBusybox(), "/bin/busybox"], ct)).EnsureSuccess();
        (await Buildah(["copy", container, marker, "/marker"], ct)).EnsureSuccess();
        (await Buildah(["config", "--arch", arch, "--os", "linux", "--cmd", """["/bin/busybox", "cat", "/marker"]""", container], ct)).EnsureSuccess();
        (await Buildah(["commit", "--format", format == "oci" ? "oci" : "docker", container, image], ct)).EnsureSuccess();
        (await Buildah(["rm", container], ct)).EnsureSuccess();
        return image;
    }

    /// <summary>A child of the list: fetchable by digest with the descriptor's media type and size, its config
    /// naming the descriptor's platform, and every blob intact.</summary>
    private static async Task AssertChildAsync(OciPushClient client, JsonElement descriptor, CancellationToken ct)
    {
        var digest = descriptor.GetProperty("digest").GetString()!;
        using var response = await client.GetManifestAsync("team/multi", digest, ct);
        await OciPushClient.ExpectAsync(response, HttpStatusCode.OK, $"GET /v2/team/multi/manifests/{digest}");
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        Assert.Equal(digest, OciPushClient.DigestOf(body));
        Assert.Equal(descriptor.GetProperty("size").GetInt64(), body.Length);
        Assert.Equal(descriptor.GetProperty("mediaType").GetString(), response.Content.Headers.ContentType?.MediaType);

        using var manifest = JsonDocument.Parse(body);
        var configDigest = manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!;
        using var config = JsonDocument.Parse(await client.GetVerifiedBlobAsync("team/multi", configDigest, ct));
        Assert.Equal(descriptor.GetProperty("platform").GetProperty("architecture").GetString(), config.RootElement.GetProperty("architecture").GetString());
        foreach (var layer in manifest.RootElement.GetProperty("layers").EnumerateArray())
        {
            await client.GetVerifiedBlobAsync("team/multi", layer.GetProperty("digest").GetString()!, ct);
        }
    }

    private static string HostArchitecture => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        var other => throw new PlatformNotSupportedException($"the end-to-end tests build images for amd64 and arm64, not {other}"),
    };

    private Task<ToolResult> Buildah(string[] arguments, CancellationToken ct) => _storage.BuildahAsync(arguments, ct);
}
