using System.Text;
using System.Text.Json;
using Wharf.Oci;
using Wharf.Oci.Images;
using Wharf.Oci.Layout;
using Wharf.Server.Tests.EndToEnd;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Layout;

/// <summary>The file transports against the real tools: archives from <c>docker save</c> and skopeo are read, and
/// what Wharf writes is read by skopeo and loaded and run by docker.</summary>
[Collection(ContainerToolsDefinition.Name)]
public sealed class LayoutInteropTests(DockerEngine docker)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_docker_save_archive_read_and_written_back_by_wharf_loads_and_runs()
    {
        var saved = await BuildAndSaveAsync("saved");
        var reloaded = $"wharf-e2e/reloaded:{Guid.NewGuid():N}"[..32];
        var archive = Path.Combine(docker.NewDirectory("rewritten"), "image.tar");

        await CopyAsync($"docker-archive:{saved.Archive}", $"docker-archive:{archive}:{reloaded}");

        // Remove the image, so docker load has to take every layer from our archive.
        await DockerOkAsync(["rmi", saved.Tag]);
        var load = await DockerOkAsync(["load", "-i", archive]);
        Assert.Contains($"Loaded image: {reloaded}", load.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(saved.ImageId, (await DockerOkAsync(["image", "inspect", "--format", "{{.Id}}", reloaded])).StandardOutput.Trim());
        Assert.Equal(saved.Output, (await DockerOkAsync(["run", "--rm", "--network", "none", reloaded])).StandardOutput.Trim());
        await DockerOkAsync(["rmi", reloaded]);
    }

    [Fact]
    public async Task Skopeo_and_wharf_read_each_others_layouts_and_archives_and_docker_runs_the_result()
    {
        var saved = await BuildAndSaveAsync("layout");
        var skopeoLayout = docker.NewDirectory("skopeo-layout");
        await SkopeoOkAsync(["copy", $"docker-archive:{saved.Archive}", $"oci:{skopeoLayout}:img"]);

        // Ours from skopeo's layout: the OCI manifest (gzip layers) is kept byte for byte, in a layout and an archive.
        var ours = docker.NewDirectory("wharf-layout");
        var ourArchive = Path.Combine(docker.NewDirectory("wharf-archive"), "image.tar");
        var digest = await CopyAsync($"oci:{skopeoLayout}:img", $"oci:{ours}:v1");
        Assert.Equal(digest, await CopyAsync($"oci:{skopeoLayout}:img", $"oci-archive:{ourArchive}:v1"));

        var raw = (await SkopeoOkAsync(["inspect", "--raw", $"oci:{ours}:v1"])).StandardOutput;
        Assert.Equal(digest, Digest.Compute(Encoding.UTF8.GetBytes(raw)));
        using var inspect = JsonDocument.Parse((await SkopeoOkAsync(["inspect", $"oci-archive:{ourArchive}:v1"])).StandardOutput);
        Assert.Equal(digest.ToString(), inspect.RootElement.GetProperty("Digest").GetString());

        // skopeo copies out of our archive (checking every blob), and we read its copy back to the same digest.
        var back = docker.NewDirectory("skopeo-back");
        await SkopeoOkAsync(["copy", $"oci-archive:{ourArchive}:v1", $"oci:{back}:v1"]);
        await using (var source = await OciLayoutSource.OpenAsync(ImageReference.Parse($"oci:{back}:v1"), Ct))
        {
            Assert.Equal(digest, (await source.GetManifestAsync(Ct)).Digest);
        }

        // And from our layout to a docker archive (layers decompressed here) that docker loads and runs.
        var loaded = $"wharf-e2e/fromoci:{Guid.NewGuid():N}"[..32];
        var archive = Path.Combine(docker.NewDirectory("fromoci"), "image.tar");
        await CopyAsync($"oci:{ours}:v1", $"docker-archive:{archive}:{loaded}");
        await DockerOkAsync(["rmi", saved.Tag]);
        await DockerOkAsync(["load", "-i", archive]);

        // skopeo rewrote the config when it made the OCI image, so the image ID is that config's digest, not the saved one.
        string config;
        await using (var source = await OciLayoutSource.OpenAsync(ImageReference.Parse($"oci:{ours}:v1"), Ct))
        {
            config = (await source.GetManifestAsync(Ct)).Parse().Config!.Digest.ToString();
        }

        Assert.Equal(config, (await DockerOkAsync(["image", "inspect", "--format", "{{.Id}}", loaded])).StandardOutput.Trim());
        Assert.Equal(saved.Output, (await DockerOkAsync(["run", "--rm", "--network", "none", loaded])).StandardOutput.Trim());
        await DockerOkAsync(["rmi", loaded]);
    }

    [Fact]
    public async Task Wharf_reads_the_docker_archive_skopeo_writes()
    {
        var saved = await BuildAndSaveAsync("viaskopeo");
        var skopeoArchive = Path.Combine(docker.NewDirectory("skopeo-archive"), "image.tar");
        await SkopeoOkAsync(["copy", $"docker-archive:{saved.Archive}", $"docker-archive:{skopeoArchive}:wharf-e2e/viaskopeo:1"]);

        await using var source = await DockerArchiveSource.OpenAsync(ImageReference.Parse($"docker-archive:{skopeoArchive}:wharf-e2e/viaskopeo:1"), Ct);
        var manifest = (await source.GetManifestAsync(Ct)).Parse();
        Assert.Equal(saved.ImageId, manifest.Config!.Digest.ToString());
        Assert.Equal(3, manifest.Layers.Count);
        foreach (var blob in manifest.Layers.Prepend(manifest.Config))
        {
            await using var verified = new VerifyingReadStream(await source.OpenBlobAsync(blob, 0, Ct), blob);
            await verified.CopyToAsync(Stream.Null, Ct);
        }

        await DockerOkAsync(["rmi", saved.Tag]);
    }

    [Fact]
    public async Task An_index_wharf_writes_is_copied_whole_by_skopeo_and_read_back_unchanged()
    {
        var first = await BuildAndSaveAsync("amd");
        var second = await BuildAndSaveAsync("arm");
        var skopeoLayout = docker.NewDirectory("skopeo-two");
        await SkopeoOkAsync(["copy", $"docker-archive:{first.Archive}", $"oci:{skopeoLayout}:first"]);
        await SkopeoOkAsync(["copy", $"docker-archive:{second.Archive}", $"oci:{skopeoLayout}:second"]);
        await using var amd = await OciLayoutSource.OpenAsync(ImageReference.Parse($"oci:{skopeoLayout}:first"), Ct);
        await using var arm = await OciLayoutSource.OpenAsync(ImageReference.Parse($"oci:{skopeoLayout}:second"), Ct);
        var index = Index((await amd.GetManifestAsync(Ct), "amd64"), (await arm.GetManifestAsync(Ct), "arm64"));

        var layout = docker.NewDirectory("wharf-index");
        await using (var destination = await OciLayoutDestination.OpenAsync(ImageReference.Parse($"oci:{layout}:multi"), Ct))
        {
            await new ImageCopier().CopyAsync(new IndexOverSource(index, amd, arm), destination, new CopyOptions(), Ct);
        }

        Assert.Equal(Encoding.UTF8.GetString(index.Bytes), (await SkopeoOkAsync(["inspect", "--raw", $"oci:{layout}:multi"])).StandardOutput);
        var archive = Path.Combine(docker.NewDirectory("skopeo-all"), "all.tar");
        await SkopeoOkAsync(["copy", "--all", $"oci:{layout}:multi", $"oci-archive:{archive}:multi"]);
        await using var back = await OciArchiveSource.OpenAsync(ImageReference.Parse($"oci-archive:{archive}:multi"), Ct);
        Assert.Equal(index.Digest, (await back.GetManifestAsync(Ct)).Digest);
        Assert.Equal((await arm.GetManifestAsync(Ct)).Bytes, (await back.GetManifestAsync((await arm.GetManifestAsync(Ct)).Digest, Ct)).Bytes);

        await DockerOkAsync(["rmi", first.Tag, second.Tag]);
    }

    private Task<SavedImage> BuildAndSaveAsync(string name) => SavedImage.BuildAsync(docker, name, Ct);

    private static async Task<Digest> CopyAsync(string from, string to)
    {
        await using var source = await FileImageTransports.OpenSourceAsync(ImageReference.Parse(from), Ct);
        await using var destination = await FileImageTransports.OpenDestinationAsync(ImageReference.Parse(to), Ct);
        return (await new ImageCopier().CopyAsync(source, destination, new CopyOptions(), Ct)).Manifest;
    }

    private static ManifestContent Index(params (ManifestContent Manifest, string Architecture)[] entries)
    {
        var json = string.Join(',', entries.Select(e =>
            $$$"""{"mediaType":"{{{e.Manifest.MediaType}}}","digest":"{{{e.Manifest.Digest}}}","size":{{{e.Manifest.Bytes.Length}}},"platform":{"architecture":"{{{e.Architecture}}}","os":"linux"}}"""));
        return new ManifestContent(Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciIndex}}","manifests":[{{json}}]}"""), MediaTypes.OciIndex);
    }

    private async Task<ToolResult> DockerOkAsync(string[] arguments) => (await docker.DockerAsync(arguments, Ct)).EnsureSuccess();

    private static async Task<ToolResult> SkopeoOkAsync(string[] arguments) =>
        (await ExternalTool.RunAsync(ExternalTool.Require("skopeo"), arguments, ct: Ct)).EnsureSuccess();
}
