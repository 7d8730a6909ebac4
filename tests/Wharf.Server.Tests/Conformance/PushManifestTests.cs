using System.Net;
using System.Text;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Conformance;

/// <summary>distribution-spec "Pushing Manifests" (end-7) for every manifest kind a registry meets: Docker schema 2
/// manifest and manifest list, OCI image manifest and index, and OCI 1.1 artifacts.</summary>
public sealed class PushManifestTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    private readonly OciTestClient _client = new(fixture.Server.Client);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("oci-image")]
    [InlineData("oci-image-without-layers")]
    [InlineData("docker-image")]
    [InlineData("oci-index")]
    [InlineData("oci-index-empty")]
    [InlineData("docker-manifest-list")]
    [InlineData("artifact-with-empty-config")]
    [InlineData("artifact-with-a-layer")]
    public async Task Put_manifest_by_tag_is_201_with_a_pullable_location_and_its_digest(string kind)
    {
        var repository = OciTestClient.NewRepository("manifests");
        var manifest = await PrepareAsync(kind, repository);

        using var put = await _client.PutManifestAsync(repository, "v1", manifest);

        // "Upon a successful upload, the registry MUST return response code `201 Created`, and MUST have … Location: <location>"
        await OciAssert.StatusAsync(put, HttpStatusCode.Created);
        OciAssert.HeaderEqual(put, "Docker-Content-Digest", manifest.Digest);
        Assert.NotNull(put.Headers.Location);
        using var viaLocation = await _client.GetAsync(OciTestClient.PathOf(put.Headers.Location));
        await OciAssert.StatusAsync(viaLocation, HttpStatusCode.OK);
        Assert.Equal(manifest.Bytes, await viaLocation.Content.ReadAsByteArrayAsync(Ct));

        using var byTag = await _client.GetAsync($"/v2/{repository}/manifests/v1");
        await OciAssert.StatusAsync(byTag, HttpStatusCode.OK);
        Assert.Equal(manifest.Bytes, await byTag.Content.ReadAsByteArrayAsync(Ct));
        OciAssert.HeaderEqual(byTag, "Content-Type", manifest.MediaType);
    }

    [Fact]
    public async Task Put_manifest_by_its_digest_is_201_and_docker_content_digest_equals_that_digest()
    {
        var repository = OciTestClient.NewRepository("manifests");
        var manifest = await PrepareAsync("oci-image", repository);

        using var put = await _client.PutManifestAsync(repository, manifest.Digest, manifest);

        // "The Docker-Content-Digest header returns the canonical digest of the uploaded blob, and MUST be equal to the client provided digest."
        await OciAssert.StatusAsync(put, HttpStatusCode.Created);
        OciAssert.HeaderEqual(put, "Docker-Content-Digest", manifest.Digest);
        using var get = await _client.GetAsync($"/v2/{repository}/manifests/{manifest.Digest}");
        Assert.Equal(manifest.Bytes, await get.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Put_manifest_by_a_sha512_digest_is_201_and_pullable_by_that_digest()
    {
        var repository = OciTestClient.NewRepository("manifests");
        var manifest = await PrepareAsync("oci-image", repository);
        var digest = TestImages.Sha512(manifest.Bytes);

        using var put = await _client.PutManifestAsync(repository, digest, manifest);

        await OciAssert.StatusAsync(put, HttpStatusCode.Created);
        OciAssert.HeaderEqual(put, "Docker-Content-Digest", digest);
        using var get = await _client.GetAsync($"/v2/{repository}/manifests/{digest}");
        await OciAssert.StatusAsync(get, HttpStatusCode.OK);
        Assert.Equal(manifest.Bytes, await get.Content.ReadAsByteArrayAsync(Ct));
    }

    [Theory]
    [InlineData("sha256")]
    [InlineData("sha512")]
    public async Task Put_manifest_by_a_digest_that_does_not_match_the_body_is_400_digest_invalid(string algorithm)
    {
        var repository = OciTestClient.NewRepository("manifests");
        var manifest = await PrepareAsync("oci-image", repository);
        var other = Encoding.UTF8.GetBytes("not the manifest");
        var wrong = algorithm == "sha256" ? TestImages.Sha256(other) : TestImages.Sha512(other);

        using var put = await _client.PutManifestAsync(repository, wrong, manifest);

        await OciAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        using var get = await _client.GetAsync($"/v2/{repository}/manifests/{wrong}");
        await OciAssert.StatusAsync(get, HttpStatusCode.NotFound);
        using var byRealDigest = await _client.GetAsync($"/v2/{repository}/manifests/{manifest.Digest}");
        await OciAssert.StatusAsync(byRealDigest, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("missing-config")]
    [InlineData("missing-layer")]
    [InlineData("missing-index-child")]
    [InlineData("missing-manifest-list-child")]
    public async Task A_manifest_naming_content_the_repository_lacks_is_400_manifest_blob_unknown(string kind)
    {
        var repository = OciTestClient.NewRepository("manifests");
        var config = TestImages.Config();
        var layer = TestImages.Layer();
        TestManifest manifest;
        switch (kind)
        {
            case "missing-config":
                await _client.PushBlobAsync(repository, layer);
                manifest = TestImages.Image(config, [layer]);
                break;
            case "missing-layer":
                await _client.PushBlobAsync(repository, config);
                manifest = TestImages.Image(config, [layer]);
                break;
            default:
                var present = await _client.PushImageAsync(repository, "present");
                var absent = TestImages.Image(TestImages.Config(), [TestImages.Layer()]);
                manifest = TestImages.Index([present.Manifest, absent], kind == "missing-index-child" ? TestImages.OciIndex : TestImages.DockerManifestList);
                break;
        }

        using var put = await _client.PutManifestAsync(repository, "v1", manifest);

        // "When a manifest is rejected for this reason, it MUST result in one or more `MANIFEST_BLOB_UNKNOWN` errors."
        await OciAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
        using var get = await _client.GetAsync($"/v2/{repository}/manifests/v1");
        await OciAssert.StatusAsync(get, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Content_type_parameters_are_ignored_on_push_and_not_sent_on_pull()
    {
        var repository = OciTestClient.NewRepository("manifests");
        var manifest = await PrepareAsync("oci-image", repository);

        using var put = await _client.PutManifestAsync(repository, "v1", manifest, TestImages.OciManifest + "; charset=utf-8");

        // "The registry SHOULD ignore parameters on the `Content-Type` header." / "The registry SHOULD NOT include parameters".
        await OciAssert.StatusAsync(put, HttpStatusCode.Created);
        using var get = await _client.GetAsync($"/v2/{repository}/manifests/v1");
        OciAssert.HeaderEqual(get, "Content-Type", TestImages.OciManifest);
    }

    [Theory]
    [InlineData(TestImages.OciManifest)]
    [InlineData(TestImages.DockerManifest)]
    public async Task A_manifest_without_a_media_type_field_is_served_with_the_pushed_content_type(string contentType)
    {
        var repository = OciTestClient.NewRepository("manifests");
        var config = TestImages.Config(contentType == TestImages.DockerManifest ? TestImages.DockerConfig : TestImages.OciConfig);
        var layer = TestImages.Layer();
        await _client.PushBlobsAsync(repository, config, layer);
        var json = $"{{\"schemaVersion\":2,\"config\":{config.Descriptor().ToJsonString()},\"layers\":[{layer.Descriptor().ToJsonString()}]}}";
        var manifest = new TestManifest(Encoding.UTF8.GetBytes(json), contentType);

        await _client.PushManifestAsync(repository, "v1", manifest);

        // "The `Content-Type` header SHOULD match what the client pushed as the manifest's `Content-Type`."
        using var get = await _client.GetAsync($"/v2/{repository}/manifests/v1");
        OciAssert.HeaderEqual(get, "Content-Type", contentType);
    }

    [Fact]
    public async Task Pushing_a_tag_again_moves_it_to_the_new_manifest()
    {
        var repository = OciTestClient.NewRepository("manifests");
        var first = await _client.PushImageAsync(repository, "moving");
        var second = await _client.PushImageAsync(repository, "moving");

        using var get = await _client.GetAsync($"/v2/{repository}/manifests/moving");

        Assert.Equal(second.Manifest.Bytes, await get.Content.ReadAsByteArrayAsync(Ct));
        using var old = await _client.GetAsync($"/v2/{repository}/manifests/{first.Manifest.Digest}");
        await OciAssert.StatusAsync(old, HttpStatusCode.OK);
    }

    [Fact]
    public async Task One_manifest_can_carry_many_tags()
    {
        var repository = OciTestClient.NewRepository("manifests");
        var image = await _client.PushImageAsync(repository, "one");
        await _client.PushManifestAsync(repository, "two", image.Manifest);
        await _client.PushManifestAsync(repository, "three", image.Manifest);

        foreach (var tag in new[] { "one", "two", "three" })
        {
            using var get = await _client.GetAsync($"/v2/{repository}/manifests/{tag}");
            OciAssert.HeaderEqual(get, "Docker-Content-Digest", image.Manifest.Digest);
        }
    }

    [Fact]
    public async Task A_manifest_of_exactly_4_mib_is_accepted()
    {
        var repository = OciTestClient.NewRepository("manifests");
        var config = TestImages.Config();
        await _client.PushBlobAsync(repository, config);
        var manifest = Padded(config, 4 * 1024 * 1024);

        using var put = await _client.PutManifestAsync(repository, "big", manifest);

        // "Client and registry implementations SHOULD expect to be able to support manifest pushes of at least 4 megabytes."
        await OciAssert.StatusAsync(put, HttpStatusCode.Created);
        using var get = await _client.GetAsync($"/v2/{repository}/manifests/big");
        Assert.Equal(manifest.Bytes, await get.Content.ReadAsByteArrayAsync(Ct));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_manifest_over_4_mib_is_413_size_invalid(bool chunkedTransfer)
    {
        var repository = OciTestClient.NewRepository("manifests");
        var config = TestImages.Config();
        await _client.PushBlobAsync(repository, config);
        var manifest = Padded(config, (4 * 1024 * 1024) + 1);
        var content = new ByteArrayContent(manifest.Bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", manifest.MediaType);

        using var put = chunkedTransfer
            ? await _client.SendAsync(HttpMethod.Put, $"/v2/{repository}/manifests/big", content, ("Transfer-Encoding", "chunked"))
            : await _client.SendAsync(HttpMethod.Put, $"/v2/{repository}/manifests/big", content);

        // "A registry that enforces this limit SHOULD respond to a request to push a manifest over this limit with a
        // response code `413 Payload Too Large`."
        await OciAssert.ErrorAsync(put, HttpStatusCode.RequestEntityTooLarge, "SIZE_INVALID");
        using var get = await _client.GetAsync($"/v2/{repository}/manifests/big");
        await OciAssert.StatusAsync(get, HttpStatusCode.NotFound);
    }

    /// <summary>An image manifest padded with an annotation to exactly <paramref name="size"/> bytes.</summary>
    private static TestManifest Padded(TestBlob config, int size)
    {
        var bare = TestImages.Image(config, [], annotations: new Dictionary<string, string> { ["pad"] = "" });
        return TestImages.Image(config, [], annotations: new Dictionary<string, string> { ["pad"] = new string('p', size - bare.Bytes.Length) });
    }

    private async Task<TestManifest> PrepareAsync(string kind, string repository)
    {
        switch (kind)
        {
            case "oci-image":
            case "docker-image":
            {
                var docker = kind == "docker-image";
                var config = TestImages.Config(docker ? TestImages.DockerConfig : TestImages.OciConfig);
                var layer = TestImages.Layer(mediaType: docker ? TestImages.DockerLayerGzip : TestImages.OciLayerGzip);
                await _client.PushBlobsAsync(repository, config, layer);
                return TestImages.Image(config, [layer], docker ? TestImages.DockerManifest : TestImages.OciManifest);
            }

            case "oci-image-without-layers":
            {
                // "The uploaded manifest MUST reference any blobs that make up the object. However, the list of blobs MAY be empty."
                var config = TestImages.Config();
                await _client.PushBlobAsync(repository, config);
                return TestImages.Image(config, []);
            }

            case "oci-index":
            case "docker-manifest-list":
            {
                var childType = kind == "oci-index" ? TestImages.OciManifest : TestImages.DockerManifest;
                var amd64 = await _client.PushImageAsync(repository, null, childType);
                var arm64 = await _client.PushImageAsync(repository, null, childType);
                return TestImages.Index([amd64.Manifest, arm64.Manifest], kind == "oci-index" ? TestImages.OciIndex : TestImages.DockerManifestList);
            }

            case "oci-index-empty":
                return TestImages.Index([]);

            case "artifact-with-empty-config":
            {
                // image-spec: the empty descriptor is application/vnd.oci.empty.v1+json over the 2-byte blob "{}".
                Assert.Equal(TestImages.EmptyJsonDigest, TestImages.EmptyJson.Digest);
                Assert.Equal(2, TestImages.EmptyJson.Size);
                await _client.PushBlobAsync(repository, TestImages.EmptyJson);
                return TestImages.Artifact("application/vnd.example.sbom.v1+json");
            }

            case "artifact-with-a-layer":
            {
                var payload = TestImages.Layer(33, "application/vnd.example.payload");
                await _client.PushBlobsAsync(repository, TestImages.EmptyJson, payload);
                return TestImages.Artifact("application/vnd.example.thing.v1", layer: payload);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    [Theory]
    [InlineData("layer", 1)]
    [InlineData("layer", -1)]
    [InlineData("config", 5)]
    [InlineData("child", 1)]
    public async Task A_descriptor_whose_size_is_not_the_contents_is_400_manifest_invalid(string which, int off)
    {
        var repository = OciTestClient.NewRepository("manifests");
        var config = TestImages.Config();
        var layer = TestImages.Layer(300);
        await _client.PushBlobsAsync(repository, config, layer);
        var image = TestImages.Image(config, [layer]);
        await _client.PushManifestAsync(repository, image.Digest, image);
        var body = System.Text.Json.Nodes.JsonNode.Parse(which == "child" ? TestImages.Index([image]).Bytes : image.Bytes)!;
        var descriptor = which switch
        {
            "layer" => body["layers"]![0]!,
            "config" => body["config"]!,
            _ => body["manifests"]![0]!,
        };
        var size = descriptor["size"]!.GetValue<long>();
        descriptor["size"] = size + off;
        var manifest = new TestManifest(System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()), which == "child" ? TestImages.OciIndex : TestImages.OciManifest);

        using var put = await _client.PutManifestAsync(repository, "v1", manifest);

        // A client reads exactly `size` bytes and fails the pull on any other count: refuse it at push (decision 013).
        await OciAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "MANIFEST_INVALID");
        using var tag = await _client.GetAsync($"/v2/{repository}/manifests/v1");
        await OciAssert.StatusAsync(tag, HttpStatusCode.NotFound);
    }
}
