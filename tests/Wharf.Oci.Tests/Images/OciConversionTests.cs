using System.Text;
using Wharf.Oci.Images;

namespace Wharf.Oci.Tests.Images;

/// <summary>Docker schema 2 → OCI. The media type strings are written out here as image-spec media-types.md and
/// Docker's manifest-v2-2.md spell them, not taken from the constants under test.</summary>
public sealed class OciConversionTests
{
    private const string A = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string B = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private const string C = "sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";
    private const string D = "sha256:dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd";
    private const string E = "sha256:eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";

    private static readonly HashSet<string> OciOnly = ["application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json"];

    [Theory]
    [InlineData("application/vnd.docker.image.rootfs.diff.tar.gzip", "application/vnd.oci.image.layer.v1.tar+gzip")]
    [InlineData("application/vnd.docker.image.rootfs.diff.tar", "application/vnd.oci.image.layer.v1.tar")]
    [InlineData("application/vnd.docker.image.rootfs.diff.tar.zstd", "application/vnd.oci.image.layer.v1.tar+zstd")]
    [InlineData("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip")]
    [InlineData("application/vnd.docker.image.rootfs.foreign.diff.tar", "application/vnd.oci.image.layer.nondistributable.v1.tar")]
    [InlineData("application/vnd.oci.image.layer.v1.tar+gzip", "application/vnd.oci.image.layer.v1.tar+gzip")]
    [InlineData("application/vnd.docker.plugin.v1+json", null)]
    [InlineData("application/octet-stream", null)]
    public void Layer_types_map_to_their_OCI_equivalents(string docker, string? oci) =>
        Assert.Equal(oci, OciConversion.OciLayerMediaType(docker));

    [Fact]
    public void A_docker_manifest_changes_media_types_only_and_keeps_every_other_byte()
    {
        var docker = Manifest($$$"""
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
            "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":1469,"digest":"{{{A}}}"},
            "layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":977,"digest":"{{{B}}}","annotations":{"x":"y"}},
            {"mediaType":"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip","size":1000,"digest":"{{{C}}}","urls":["https://example.com/c"]},
            {"mediaType":"application/vnd.docker.image.rootfs.diff.tar","size":2048,"digest":"{{{D}}}"}]}
            """, "application/vnd.docker.distribution.manifest.v2+json");

        var oci = OciConversion.ToOciManifest(docker);

        Assert.Equal("application/vnd.oci.image.manifest.v1+json", oci.MediaType);
        Assert.Equal(Compact($$$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
            "config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":1469,"digest":"{{{A}}}"},
            "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","size":977,"digest":"{{{B}}}","annotations":{"x":"y"}},
            {"mediaType":"application/vnd.oci.image.layer.nondistributable.v1.tar+gzip","size":1000,"digest":"{{{C}}}","urls":["https://example.com/c"]},
            {"mediaType":"application/vnd.oci.image.layer.v1.tar","size":2048,"digest":"{{{D}}}"}]}
            """), Encoding.UTF8.GetString(oci.Bytes));
        var parsed = oci.Parse();
        Assert.Equal(Digest.Parse(A), parsed.Config!.Digest);
        Assert.Equal(["https://example.com/c"], parsed.Layers[1].Urls!);
        Assert.NotEqual(docker.Digest, oci.Digest);
    }

    [Theory]
    [InlineData("application/vnd.docker.plugin.v1+json", "application/vnd.docker.image.rootfs.diff.tar.gzip", "config")]
    [InlineData("application/vnd.docker.container.image.v1+json", "application/vnd.example.unknown", "layer type")]
    public void A_manifest_with_no_OCI_equivalent_is_refused(string configType, string layerType, string named)
    {
        var docker = Manifest($$$"""
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
            "config":{"mediaType":"{{{configType}}}","size":1,"digest":"{{{A}}}"},"layers":[{"mediaType":"{{{layerType}}}","size":1,"digest":"{{{B}}}"}]}
            """, "application/vnd.docker.distribution.manifest.v2+json");

        var e = Assert.Throws<NotSupportedException>(() => OciConversion.ToOciManifest(docker));

        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_list_becomes_an_index_pointing_at_the_converted_children()
    {
        var amd = DockerImage(B);
        var arm = DockerImage(C);
        var list = Manifest($$$"""
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[
            {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":{{{amd.Bytes.Length}}},"digest":"{{{amd.Digest}}}","platform":{"architecture":"amd64","os":"linux","features":["sse4"]}},
            {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":{{{arm.Bytes.Length}}},"digest":"{{{arm.Digest}}}","platform":{"architecture":"arm64","os":"linux","variant":"v8","os.features":["f"]}}]}
            """, "application/vnd.docker.distribution.manifest.list.v2+json");

        var written = OciConversion.ForDestination([amd, arm, list], OciOnly);

        Assert.All(written.Take(2), m => Assert.Equal("application/vnd.oci.image.manifest.v1+json", m.MediaType));
        var index = written[2];
        Assert.Equal("application/vnd.oci.image.index.v1+json", index.MediaType);
        Assert.Equal(Compact($$$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
            {"mediaType":"application/vnd.oci.image.manifest.v1+json","size":{{{written[0].Bytes.Length}}},"digest":"{{{written[0].Digest}}}","platform":{"architecture":"amd64","os":"linux"}},
            {"mediaType":"application/vnd.oci.image.manifest.v1+json","size":{{{written[1].Bytes.Length}}},"digest":"{{{written[1].Digest}}}","platform":{"architecture":"arm64","os":"linux","variant":"v8","os.features":["f"]}}]}
            """), Encoding.UTF8.GetString(index.Bytes));
    }

    [Fact]
    public void Accepted_manifests_are_kept_as_they_are_and_an_OCI_index_over_converted_children_is_rewritten()
    {
        var oci = Manifest($$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":1,"digest":"{{{D}}}"},"layers":[]}""",
            "application/vnd.oci.image.manifest.v1+json");
        var docker = DockerImage(E);
        var index = Manifest($$$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
            {"mediaType":"application/vnd.oci.image.manifest.v1+json","size":{{{oci.Bytes.Length}}},"digest":"{{{oci.Digest}}}"},
            {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":{{{docker.Bytes.Length}}},"digest":"{{{docker.Digest}}}"}],"annotations":{"k":"v"}}
            """, "application/vnd.oci.image.index.v1+json");

        var written = OciConversion.ForDestination([oci, docker, index], OciOnly);

        Assert.Same(oci, written[0]);
        Assert.NotSame(docker, written[1]);
        var entries = written[2].Parse();
        Assert.Equal([oci.Digest, written[1].Digest], entries.Manifests.Select(m => m.Digest));
        Assert.Equal("v", entries.Annotations["k"]);

        // Nothing to convert: the very same list comes back.
        Assert.Equal([oci], OciConversion.ForDestination([oci], OciOnly));
    }

    [Fact]
    public void A_type_the_destination_cannot_hold_and_that_cannot_be_converted_is_refused()
    {
        var oci = Manifest($$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":1,"digest":"{{{D}}}"},"layers":[]}""",
            "application/vnd.oci.image.manifest.v1+json");

        var e = Assert.Throws<NotSupportedException>(() =>
            OciConversion.ForDestination([oci], new HashSet<string> { "application/vnd.docker.distribution.manifest.v2+json" }));

        Assert.Contains("application/vnd.oci.image.manifest.v1+json", e.Message, StringComparison.Ordinal);
    }

    private static ManifestContent DockerImage(string layer) => Manifest($$$"""
        {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
        "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":2,"digest":"{{{A}}}"},
        "layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":3,"digest":"{{{layer}}}"}]}
        """, "application/vnd.docker.distribution.manifest.v2+json");

    private static ManifestContent Manifest(string json, string mediaType) => new(Encoding.UTF8.GetBytes(Compact(json)), mediaType);

    private static string Compact(string json) => json.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
}
