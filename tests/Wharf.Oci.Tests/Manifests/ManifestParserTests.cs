using System.Text;
using Wharf.Oci.Errors;
using Wharf.Oci.Manifests;

namespace Wharf.Oci.Tests.Manifests;

public sealed class ManifestParserTests
{
    private const string D1 = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string D2 = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    [Fact]
    public void Parses_a_docker_schema2_manifest()
    {
        var json = $$$"""
            {"schemaVersion":2,"mediaType":"{{{MediaTypes.DockerManifest}}}",
             "config":{"mediaType":"{{{MediaTypes.DockerConfig}}}","digest":"{{{D1}}}","size":10},
             "layers":[{"mediaType":"{{{MediaTypes.DockerLayerGzip}}}","digest":"{{{D2}}}","size":20}]}
            """;
        var m = Parse(json, MediaTypes.DockerManifest);

        Assert.Equal(MediaTypes.DockerManifest, m.MediaType);
        Assert.Equal([D1, D2], m.RequiredBlobs.Select(d => d.Digest.ToString()));
        Assert.False(m.IsIndex);
    }

    [Fact]
    public void Parses_an_oci_index_with_platforms()
    {
        var json = $$$"""
            {"schemaVersion":2,"mediaType":"{{{MediaTypes.OciIndex}}}","manifests":[
              {"mediaType":"{{{MediaTypes.OciManifest}}}","digest":"{{{D1}}}","size":5,"platform":{"os":"linux","architecture":"amd64"}},
              {"mediaType":"{{{MediaTypes.OciManifest}}}","digest":"{{{D2}}}","size":5,"platform":{"os":"linux","architecture":"arm64","variant":"v8"}}]}
            """;
        var m = Parse(json, null);

        Assert.True(m.IsIndex);
        Assert.Equal(["linux/amd64", "linux/arm64/v8"], m.Manifests.Select(d => d.Platform!.ToString()));
        Assert.Empty(m.RequiredBlobs);
    }

    [Fact]
    public void An_artifact_takes_its_type_from_artifactType_else_the_config()
    {
        var withType = $$$"""
            {"schemaVersion":2,"mediaType":"{{{MediaTypes.OciManifest}}}","artifactType":"application/vnd.example.sbom",
             "config":{"mediaType":"{{{MediaTypes.OciEmpty}}}","digest":"{{{D1}}}","size":2},
             "layers":[],"subject":{"mediaType":"{{{MediaTypes.OciManifest}}}","digest":"{{{D2}}}","size":9},
             "annotations":{"org.example":"x"}}
            """;
        var withoutType = $$$"""
            {"schemaVersion":2,"config":{"mediaType":"application/vnd.example.config","digest":"{{{D1}}}","size":2},"layers":[]}
            """;

        var a = Parse(withType, MediaTypes.OciManifest);
        Assert.Equal("application/vnd.example.sbom", a.ArtifactType);
        Assert.Equal(D2, a.Subject!.Digest.ToString());
        Assert.Equal("x", a.Annotations["org.example"]);
        Assert.Equal("application/vnd.example.config", Parse(withoutType, MediaTypes.OciManifest).ArtifactType);
    }

    [Fact]
    public void Foreign_layers_with_urls_are_not_required_blobs()
    {
        var json = $$$"""
            {"schemaVersion":2,"mediaType":"{{{MediaTypes.DockerManifest}}}",
             "config":{"mediaType":"{{{MediaTypes.DockerConfig}}}","digest":"{{{D1}}}","size":10},
             "layers":[{"mediaType":"{{{MediaTypes.DockerForeignLayerGzip}}}","digest":"{{{D2}}}","size":20,"urls":["https://example.invalid/l"]}]}
            """;

        Assert.Equal([D1], Parse(json, null).RequiredBlobs.Select(d => d.Digest.ToString()));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"schemaVersion\":1}")]
    [InlineData("{\"schemaVersion\":\"2\"}")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"text/plain\",\"config\":{}}")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\"}")]
    [InlineData("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"x\",\"digest\":\"sha256:nope\",\"size\":1}]}")]
    [InlineData("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"x\",\"digest\":\"" + D1 + "\",\"size\":-1}]}")]
    [InlineData("{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"" + D1 + "\",\"size\":1}]}")]
    [InlineData("{\"schemaVersion\":2,\"manifests\":{}}")]
    [InlineData("{\"schemaVersion\":2,\"manifests\":[],\"annotations\":{\"a\":1}}")]
    public void Malformed_manifests_are_MANIFEST_INVALID(string json)
    {
        var e = Assert.Throws<RegistryException>(() => Parse(json, null));
        Assert.Equal(OciErrorCode.ManifestInvalid, e.Code);
    }

    [Fact]
    public void A_body_media_type_that_contradicts_the_content_type_is_refused()
    {
        var json = $$$"""{"schemaVersion":2,"mediaType":"{{{MediaTypes.OciIndex}}}","manifests":[]}""";
        var e = Assert.Throws<RegistryException>(() => Parse(json, MediaTypes.DockerManifest));
        Assert.Equal(OciErrorCode.ManifestInvalid, e.Code);
    }

    [Fact]
    public void Manifests_over_4_MiB_are_too_large()
    {
        var e = Assert.Throws<RegistryException>(() => ManifestParser.Parse(new byte[ManifestParser.MaxManifestBytes + 1], null));
        Assert.Equal(OciErrorCode.PayloadTooLarge, e.Code);
        Assert.Equal(413, OciErrors.Status(e.Code));
        Assert.Equal("SIZE_INVALID", OciErrors.Code(e.Code));
    }

    private static ParsedManifest Parse(string json, string? contentType) => ManifestParser.Parse(Encoding.UTF8.GetBytes(json), contentType);
}
