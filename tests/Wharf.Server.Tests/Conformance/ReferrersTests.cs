using System.Net;
using System.Text.Json;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Conformance;

/// <summary>distribution-spec 1.1 "Pushing Manifests with Subject" and "Listing Referrers" (end-12a, end-12b).</summary>
public sealed class ReferrersTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    private const string Sbom = "application/vnd.example.sbom.v1";
    private const string Signature = "application/vnd.example.signature.v1+json";
    private const string ExampleConfig = "application/vnd.example.config.v1+json";

    private readonly OciTestClient _client = new(fixture.Server.Client);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Put_with_a_subject_answers_oci_subject_and_put_without_one_does_not()
    {
        var repository = OciTestClient.NewRepository("referrers");
        var subject = await _client.PushImageAsync(repository, "v1");
        await _client.PushBlobAsync(repository, TestImages.EmptyJson);
        var artifact = TestImages.Artifact(Sbom, subject.Manifest);
        var index = TestImages.Index([], subject: subject.Manifest);

        using var withSubject = await _client.PutManifestAsync(repository, artifact.Digest, artifact);
        using var indexWithSubject = await _client.PutManifestAsync(repository, index.Digest, index);
        using var withoutSubject = await _client.PutManifestAsync(repository, "v2", subject.Manifest);

        // "a registry implementation that supports the referrers API MUST respond with the response header
        // `OCI-Subject: <subject digest>` to indicate to the client that the registry processed the request's `subject`."
        await OciAssert.StatusAsync(withSubject, HttpStatusCode.Created);
        OciAssert.HeaderEqual(withSubject, "OCI-Subject", subject.Manifest.Digest);
        await OciAssert.StatusAsync(indexWithSubject, HttpStatusCode.Created);
        OciAssert.HeaderEqual(indexWithSubject, "OCI-Subject", subject.Manifest.Digest);
        await OciAssert.StatusAsync(withoutSubject, HttpStatusCode.Created);
        OciAssert.NoHeader(withoutSubject, "OCI-Subject");
    }

    [Fact]
    public async Task A_manifest_whose_subject_does_not_exist_yet_is_accepted_and_listed()
    {
        var repository = OciTestClient.NewRepository("referrers");
        var config = TestImages.Config();
        var layer = TestImages.Layer();
        var subject = TestImages.Image(config, [layer]);

        // "A registry MUST initially accept an otherwise valid manifest with a `subject` field that references a manifest
        // that does not exist in the repository, allowing clients to push a manifest and referrers to that manifest in either order."
        var artifact = await _client.PushArtifactAsync(repository, Sbom, subject);
        var before = await ReferrersAsync(repository, subject.Digest);
        await _client.PushBlobsAsync(repository, config, layer);
        await _client.PushManifestAsync(repository, "v1", subject);
        var after = await ReferrersAsync(repository, subject.Digest);

        Assert.Equal([artifact.Digest], before.Select(Digest));
        Assert.Equal([artifact.Digest], after.Select(Digest));
    }

    [Fact]
    public async Task Referrers_lists_every_manifest_with_that_subject_with_artifact_type_size_and_annotations()
    {
        var repository = OciTestClient.NewRepository("referrers");
        var subject = await _client.PushImageAsync(repository, "v1");
        var unrelated = await _client.PushImageAsync(repository, "v2");
        var sbom = await _client.PushArtifactAsync(repository, Sbom, subject.Manifest, new Dictionary<string, string> { ["org.example.kind"] = "sbom" });
        var signature = await _client.PushArtifactAsync(repository, Signature, subject.Manifest, new Dictionary<string, string> { ["org.example.fingerprint"] = "abcd" });
        var exampleConfig = TestImages.Config(ExampleConfig);
        await _client.PushBlobAsync(repository, exampleConfig);
        var imageWithoutArtifactType = TestImages.Image(exampleConfig, [], subject: subject.Manifest);
        await _client.PushManifestAsync(repository, imageWithoutArtifactType.Digest, imageWithoutArtifactType);
        var indexWithoutArtifactType = TestImages.Index([], subject: subject.Manifest, annotations: new Dictionary<string, string> { ["org.example.index"] = "yes" });
        await _client.PushManifestAsync(repository, indexWithoutArtifactType.Digest, indexWithoutArtifactType);
        var indexWithArtifactType = TestImages.Index([], artifactType: "application/vnd.example.bundle.v1", subject: subject.Manifest);
        await _client.PushManifestAsync(repository, indexWithArtifactType.Digest, indexWithArtifactType);
        await _client.PushArtifactAsync(repository, Sbom, unrelated.Manifest);

        using var response = await _client.GetAsync($"/v2/{repository}/referrers/{subject.Manifest.Digest}");

        // "Assuming a repository is found, this request MUST return a `200 OK` response code." / "The `Content-Type`
        // header MUST be set to `application/vnd.oci.image.index.v1+json`."
        await OciAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal(TestImages.OciIndex, response.Content.Headers.ContentType?.MediaType);
        // No filter was asked for, so none may be claimed.
        OciAssert.NoHeader(response, "OCI-Filters-Applied");
        var descriptors = await ReadIndexAsync(response);
        Assert.Equal(5, descriptors.Count);

        // "Each descriptor is of an image manifest or index in the same `<name>` namespace with a `subject` field that
        // specifies the value of `<digest>`." with mediaType, size and digest of that manifest.
        AssertDescriptor(descriptors, sbom, Sbom, new() { ["org.example.kind"] = "sbom" });
        AssertDescriptor(descriptors, signature, Signature, new() { ["org.example.fingerprint"] = "abcd" });
        // "If the `artifactType` is empty or missing in the image manifest, the value of `artifactType` MUST be set to the
        // config descriptor `mediaType` value."
        AssertDescriptor(descriptors, imageWithoutArtifactType, ExampleConfig, null);
        // "If the `artifactType` is empty or missing in an index, the `artifactType` MUST be omitted."
        // "The descriptors MUST include annotations from the image manifest or index."
        AssertDescriptor(descriptors, indexWithoutArtifactType, null, new() { ["org.example.index"] = "yes" });
        AssertDescriptor(descriptors, indexWithArtifactType, "application/vnd.example.bundle.v1", null);
    }

    [Theory]
    [InlineData(Sbom)]
    [InlineData(Signature)]
    public async Task Filtering_by_artifact_type_lists_only_that_type_and_says_so(string artifactType)
    {
        var repository = OciTestClient.NewRepository("referrers");
        var subject = await _client.PushImageAsync(repository, "v1");
        var sbom = await _client.PushArtifactAsync(repository, Sbom, subject.Manifest);
        var signature = await _client.PushArtifactAsync(repository, Signature, subject.Manifest);

        using var response = await _client.GetAsync($"/v2/{repository}/referrers/{subject.Manifest.Digest}?artifactType={Uri.EscapeDataString(artifactType)}");

        // "If filtering is requested and applied, the response MUST include a header `OCI-Filters-Applied: artifactType`"
        await OciAssert.StatusAsync(response, HttpStatusCode.OK);
        OciAssert.HeaderEqual(response, "OCI-Filters-Applied", "artifactType");
        var expected = artifactType == Sbom ? sbom : signature;
        Assert.Equal([expected.Digest], (await ReadIndexAsync(response)).Select(Digest));
    }

    [Fact]
    public async Task Filtering_matches_the_config_media_type_of_an_image_without_an_artifact_type()
    {
        var repository = OciTestClient.NewRepository("referrers");
        var subject = await _client.PushImageAsync(repository, "v1");
        await _client.PushArtifactAsync(repository, Sbom, subject.Manifest);
        var exampleConfig = TestImages.Config(ExampleConfig);
        await _client.PushBlobAsync(repository, exampleConfig);
        var image = TestImages.Image(exampleConfig, [], subject: subject.Manifest);
        await _client.PushManifestAsync(repository, image.Digest, image);

        using var response = await _client.GetAsync($"/v2/{repository}/referrers/{subject.Manifest.Digest}?artifactType={Uri.EscapeDataString(ExampleConfig)}");

        // The listed artifactType of such an image "MUST be set to the config descriptor `mediaType` value", and the
        // filter applies to what is listed.
        await OciAssert.StatusAsync(response, HttpStatusCode.OK);
        OciAssert.HeaderEqual(response, "OCI-Filters-Applied", "artifactType");
        Assert.Equal([image.Digest], (await ReadIndexAsync(response)).Select(Digest));
    }

    [Fact]
    public async Task Filtering_by_a_type_nothing_has_is_an_empty_filtered_list()
    {
        var repository = OciTestClient.NewRepository("referrers");
        var subject = await _client.PushImageAsync(repository, "v1");
        await _client.PushArtifactAsync(repository, Sbom, subject.Manifest);

        using var response = await _client.GetAsync($"/v2/{repository}/referrers/{subject.Manifest.Digest}?artifactType=application%2Fvnd.example.none");

        await OciAssert.StatusAsync(response, HttpStatusCode.OK);
        OciAssert.HeaderEqual(response, "OCI-Filters-Applied", "artifactType");
        Assert.Empty(await ReadIndexAsync(response));
    }

    [Fact]
    public async Task A_subject_with_no_referrers_is_200_with_an_empty_index()
    {
        var repository = OciTestClient.NewRepository("referrers");
        var subject = await _client.PushImageAsync(repository, "v1");

        using var known = await _client.GetAsync($"/v2/{repository}/referrers/{subject.Manifest.Digest}");
        using var unknown = await _client.GetAsync($"/v2/{repository}/referrers/{TestImages.Sha256(Guid.NewGuid().ToByteArray())}");

        // "If a query results in no matching referrers, an empty manifest list MUST be returned."
        foreach (var response in new[] { known, unknown })
        {
            await OciAssert.StatusAsync(response, HttpStatusCode.OK);
            Assert.Equal(TestImages.OciIndex, response.Content.Headers.ContentType?.MediaType);
            Assert.Empty(await ReadIndexAsync(response));
        }
    }

    [Fact]
    public async Task Referrers_in_a_repository_that_does_not_exist_is_never_404()
    {
        using var response = await _client.GetAsync($"/v2/{OciTestClient.NewRepository("nowhere")}/referrers/{TestImages.Sha256([1])}");

        // "If the registry supports the referrers API, the registry MUST NOT return a `404 Not Found` to a referrers API requests."
        Assert.NotEqual(HttpStatusCode.NotFound, response.StatusCode);
        await OciAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Empty(await ReadIndexAsync(response));
    }

    [Theory]
    [InlineData("sha256:abc")]
    [InlineData("latest")]
    [InlineData("sha256:ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ")]
    public async Task Referrers_of_an_invalid_digest_is_400(string digest)
    {
        var repository = OciTestClient.NewRepository("referrers");
        await _client.PushImageAsync(repository, "v1");

        using var response = await _client.GetAsync($"/v2/{repository}/referrers/{digest}");

        // "If the request is invalid, such as a `<digest>` with an invalid syntax, a `400 Bad Request` MUST be returned."
        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    [Fact]
    public async Task Referrers_are_scoped_to_the_repository()
    {
        var first = OciTestClient.NewRepository("referrers");
        var second = OciTestClient.NewRepository("referrers");
        var subject = await _client.PushImageAsync(first, "v1");
        await _client.PushArtifactAsync(second, Sbom, subject.Manifest);

        Assert.Empty(await ReferrersAsync(first, subject.Manifest.Digest));
        Assert.Single(await ReferrersAsync(second, subject.Manifest.Digest));
    }

    [Fact]
    public async Task A_deleted_referrer_leaves_the_list()
    {
        var repository = OciTestClient.NewRepository("referrers");
        var subject = await _client.PushImageAsync(repository, "v1");
        var kept = await _client.PushArtifactAsync(repository, Sbom, subject.Manifest);
        var deleted = await _client.PushArtifactAsync(repository, Signature, subject.Manifest);

        using var delete = await _client.DeleteAsync($"/v2/{repository}/manifests/{deleted.Digest}");

        await OciAssert.StatusAsync(delete, HttpStatusCode.Accepted);
        Assert.Equal([kept.Digest], (await ReferrersAsync(repository, subject.Manifest.Digest)).Select(Digest));
    }

    [Fact]
    public async Task A_sha512_subject_is_listed_under_its_sha512_digest()
    {
        var repository = OciTestClient.NewRepository("referrers");
        var image = await _client.PushImageAsync(repository, "v1");
        var sha512 = TestImages.Sha512(image.Manifest.Bytes);
        await _client.PushManifestAsync(repository, sha512, image.Manifest);
        await _client.PushBlobAsync(repository, TestImages.EmptyJson);
        var subjectDescriptor = image.Manifest.Descriptor();
        subjectDescriptor["digest"] = sha512;
        var artifactJson = TestImages.Artifact(Sbom).Bytes;
        var node = System.Text.Json.Nodes.JsonNode.Parse(artifactJson)!.AsObject();
        node["subject"] = subjectDescriptor;
        var artifact = new TestManifest(System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()), TestImages.OciManifest);

        using var put = await _client.PutManifestAsync(repository, artifact.Digest, artifact);

        await OciAssert.StatusAsync(put, HttpStatusCode.Created);
        OciAssert.HeaderEqual(put, "OCI-Subject", sha512);
        Assert.Equal([artifact.Digest], (await ReferrersAsync(repository, sha512)).Select(Digest));
    }

    private static string Digest(JsonElement descriptor) => descriptor.GetProperty("digest").GetString()!;

    private static void AssertDescriptor(IReadOnlyList<JsonElement> descriptors, TestManifest manifest, string? artifactType, Dictionary<string, string>? annotations)
    {
        var d = Assert.Single(descriptors, x => Digest(x) == manifest.Digest);
        Assert.Equal(manifest.MediaType, d.GetProperty("mediaType").GetString());
        Assert.Equal(manifest.Size, d.GetProperty("size").GetInt64());
        if (artifactType is null)
        {
            Assert.False(d.TryGetProperty("artifactType", out var present) && present.ValueKind != JsonValueKind.Null, $"artifactType must be omitted for {manifest.Digest}");
        }
        else
        {
            Assert.Equal(artifactType, d.GetProperty("artifactType").GetString());
        }

        if (annotations is not null)
        {
            var actual = d.GetProperty("annotations").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
            foreach (var (key, value) in annotations)
            {
                Assert.Equal(value, actual.GetValueOrDefault(key));
            }
        }
    }

    private async Task<IReadOnlyList<JsonElement>> ReferrersAsync(string repository, string digest)
    {
        using var response = await _client.GetAsync($"/v2/{repository}/referrers/{digest}");
        await OciAssert.StatusAsync(response, HttpStatusCode.OK);
        return await ReadIndexAsync(response);
    }

    /// <summary>"Upon success, the response MUST be a JSON body with an image index containing a list of descriptors."</summary>
    private static async Task<IReadOnlyList<JsonElement>> ReadIndexAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var root = document.RootElement;
        Assert.Equal(2, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(TestImages.OciIndex, root.GetProperty("mediaType").GetString());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("manifests").ValueKind);
        return [.. root.GetProperty("manifests").EnumerateArray().Select(e => e.Clone())];
    }
}
