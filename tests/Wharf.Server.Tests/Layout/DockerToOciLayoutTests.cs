using System.Text;
using System.Text.Json;
using Wharf.Oci;
using Wharf.Oci.Images;
using Wharf.Oci.Layout;
using Wharf.Server.Tests.EndToEnd;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Layout;

/// <summary>A Docker schema 2 image (what a <c>docker save</c> archive holds) copied into an OCI layout or archive is
/// converted to an OCI manifest, which skopeo 1.9 finds by tag (it skips Docker entries of index.json: "no descriptor
/// found for reference"), and the config is kept byte for byte, so docker loads the same image ID back.</summary>
[Collection(ContainerToolsDefinition.Name)]
public sealed class DockerToOciLayoutTests(DockerEngine docker)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_docker_save_archive_copied_to_an_OCI_layout_is_found_by_skopeo_and_loads_and_runs_in_docker()
    {
        var saved = await SavedImage.BuildAsync(docker, "dockeroci", Ct);
        var layout = docker.NewDirectory("docker-to-oci");
        var ociArchive = Path.Combine(docker.NewDirectory("docker-to-oci-archive"), "image.tar");

        var digest = await CopyAsync($"docker-archive:{saved.Archive}", $"oci:{layout}:v1");
        Assert.Equal(digest, await CopyAsync($"docker-archive:{saved.Archive}", $"oci-archive:{ociArchive}:v1"));

        using (var index = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(layout, "index.json"), Ct)))
        {
            var entry = Assert.Single(index.RootElement.GetProperty("manifests").EnumerateArray());
            Assert.Equal(MediaTypes.OciManifest, entry.GetProperty("mediaType").GetString());
            Assert.Equal(digest.ToString(), entry.GetProperty("digest").GetString());
        }

        // skopeo finds the tag, and reads the manifest we wrote (OCI, the config's digest is the saved image's ID).
        var raw = (await SkopeoOkAsync(["inspect", "--raw", $"oci:{layout}:v1"])).StandardOutput;
        Assert.Equal(digest, Digest.Compute(Encoding.UTF8.GetBytes(raw)));
        using (var manifest = JsonDocument.Parse(raw))
        {
            Assert.Equal(MediaTypes.OciManifest, manifest.RootElement.GetProperty("mediaType").GetString());
            var config = manifest.RootElement.GetProperty("config");
            Assert.Equal(MediaTypes.OciConfig, config.GetProperty("mediaType").GetString());
            Assert.Equal(saved.ImageId, config.GetProperty("digest").GetString());
            Assert.All(manifest.RootElement.GetProperty("layers").EnumerateArray(),
                l => Assert.Equal(MediaTypes.OciLayerTar, l.GetProperty("mediaType").GetString()));
        }

        using (var inspect = JsonDocument.Parse((await SkopeoOkAsync(["inspect", $"oci-archive:{ociArchive}:v1"])).StandardOutput))
        {
            Assert.Equal(digest.ToString(), inspect.RootElement.GetProperty("Digest").GetString());
        }

        // skopeo copies it out of our layout (checking every blob) into a docker archive that docker loads and runs.
        var loaded = $"wharf-e2e/dockeroci:{Guid.NewGuid():N}"[..34];
        var archive = Path.Combine(docker.NewDirectory("oci-to-docker"), "image.tar");
        await SkopeoOkAsync(["copy", $"oci:{layout}:v1", $"docker-archive:{archive}:{loaded}"]);
        await DockerOkAsync(["rmi", saved.Tag]);
        await DockerOkAsync(["load", "-i", archive]);
        Assert.Equal(saved.ImageId, (await DockerOkAsync(["image", "inspect", "--format", "{{.Id}}", loaded])).StandardOutput.Trim());
        Assert.Equal(saved.Output, (await DockerOkAsync(["run", "--rm", "--network", "none", loaded])).StandardOutput.Trim());
        await DockerOkAsync(["rmi", loaded]);
    }

    private static async Task<Digest> CopyAsync(string from, string to)
    {
        await using var source = await FileImageTransports.OpenSourceAsync(ImageReference.Parse(from), Ct);
        await using var destination = await FileImageTransports.OpenDestinationAsync(ImageReference.Parse(to), Ct);
        return (await new ImageCopier().CopyAsync(source, destination, new CopyOptions(), Ct)).Manifest;
    }

    private async Task<ToolResult> DockerOkAsync(string[] arguments) => (await docker.DockerAsync(arguments, Ct)).EnsureSuccess();

    private static async Task<ToolResult> SkopeoOkAsync(string[] arguments) =>
        (await ExternalTool.RunAsync(ExternalTool.Require("skopeo"), arguments, ct: Ct)).EnsureSuccess();
}
