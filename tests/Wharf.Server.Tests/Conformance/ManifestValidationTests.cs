using System.Net;
using System.Net.Http.Json;
using System.Text;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Conformance;

/// <summary>What a registry refuses: malformed manifests (MANIFEST_INVALID), names outside the grammar
/// (NAME_INVALID) and tags outside the grammar — and the awkward names it must still accept.</summary>
public sealed class ManifestValidationTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    private const string AnyDigest = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

    private readonly OciTestClient _client = new(fixture.Server.Client);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> MalformedManifests => new()
    {
        { "empty body", "" },
        { "truncated JSON", "{\"schemaVersion\":2," },
        { "JSON array", "[]" },
        { "JSON null", "null" },
        { "JSON string", "\"manifest\"" },
        { "no schemaVersion", "{\"config\":" + Config() + ",\"layers\":[]}" },
        { "schemaVersion 1", "{\"schemaVersion\":1,\"config\":" + Config() + ",\"layers\":[]}" },
        { "schemaVersion as a string", "{\"schemaVersion\":\"2\",\"config\":" + Config() + ",\"layers\":[]}" },
        { "no config", "{\"schemaVersion\":2,\"layers\":[]}" },
        { "config not an object", "{\"schemaVersion\":2,\"config\":\"x\",\"layers\":[]}" },
        { "config digest malformed", "{\"schemaVersion\":2,\"config\":" + Config(digest: "sha256:xyz") + ",\"layers\":[]}" },
        { "config digest uppercase", "{\"schemaVersion\":2,\"config\":" + Config(digest: AnyDigest.ToUpperInvariant()) + ",\"layers\":[]}" },
        { "config size negative", "{\"schemaVersion\":2,\"config\":" + Config(size: "-1") + ",\"layers\":[]}" },
        { "config size a string", "{\"schemaVersion\":2,\"config\":" + Config(size: "\"2\"") + ",\"layers\":[]}" },
        { "config without mediaType", "{\"schemaVersion\":2,\"config\":{\"digest\":\"" + AnyDigest + "\",\"size\":2},\"layers\":[]}" },
        { "layers not an array", "{\"schemaVersion\":2,\"config\":" + Config() + ",\"layers\":{}}" },
        { "layer not a descriptor", "{\"schemaVersion\":2,\"config\":" + Config() + ",\"layers\":[42]}" },
        { "annotation value not a string", "{\"schemaVersion\":2,\"config\":" + Config() + ",\"layers\":[],\"annotations\":{\"a\":1}}" },
        { "deeply nested", new string('[', 100_000) },
    };

    public static TheoryData<string, string> MalformedIndexes => new()
    {
        { "manifests missing", "{\"schemaVersion\":2,\"mediaType\":\"" + TestImages.OciIndex + "\"}" },
        { "manifests not an array", "{\"schemaVersion\":2,\"mediaType\":\"" + TestImages.OciIndex + "\",\"manifests\":\"x\"}" },
        { "entry without digest", "{\"schemaVersion\":2,\"mediaType\":\"" + TestImages.OciIndex + "\",\"manifests\":[{\"mediaType\":\"" + TestImages.OciManifest + "\",\"size\":2}]}" },
    };

    [Theory]
    [MemberData(nameof(MalformedManifests))]
    public async Task A_malformed_image_manifest_is_400_manifest_invalid(string why, string body)
    {
        var repository = OciTestClient.NewRepository("invalid");

        using var put = await _client.PutManifestAsync(repository, "v1", Encoding.UTF8.GetBytes(body), TestImages.OciManifest);

        _ = why; // names the row in test reports
        await OciAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "MANIFEST_INVALID");
        using var get = await _client.GetAsync($"/v2/{repository}/manifests/v1");
        await OciAssert.StatusAsync(get, HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(MalformedIndexes))]
    public async Task A_malformed_index_is_400_manifest_invalid(string why, string body)
    {
        var repository = OciTestClient.NewRepository("invalid");

        using var put = await _client.PutManifestAsync(repository, "v1", Encoding.UTF8.GetBytes(body), TestImages.OciIndex);

        _ = why; // names the row in test reports
        await OciAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "MANIFEST_INVALID");
    }

    [Theory]
    [InlineData("xyz")]
    [InlineData("{}")]
    [InlineData(" ]")]
    public async Task A_manifest_with_content_after_the_json_value_is_400_manifest_invalid(string trailer)
    {
        // Every blob it names is present, so the trailing bytes are the only fault: the body is not one JSON document
        // (RFC 8259 "JSON-text = ws value ws"), and clients that parse the stored bytes would choke on it.
        var repository = OciTestClient.NewRepository("invalid");
        var config = TestImages.Config();
        await _client.PushBlobAsync(repository, config);
        var body = TestImages.Image(config, []).Bytes.Concat(Encoding.UTF8.GetBytes(trailer)).ToArray();

        using var put = await _client.PutManifestAsync(repository, "v1", body, TestImages.OciManifest);

        await OciAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "MANIFEST_INVALID");
    }

    [Fact]
    public async Task A_manifest_that_is_not_utf8_is_400_manifest_invalid()
    {
        using var put = await _client.PutManifestAsync(OciTestClient.NewRepository("invalid"), "v1", [0xff, 0xfe, 0x7b, 0x00, 0x7d], TestImages.OciManifest);

        await OciAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "MANIFEST_INVALID");
    }

    public static TheoryData<string> InvalidNames => new()
    {
        "Upper",
        "upper/Case",
        "a//b",
        "-a",
        "a-",
        "_a",
        "a_",
        ".a",
        "a.",
        "a..b",
        "a___b",
        "a/",
        "a/-b",
        "a%20b",
        new string('a', 256),
        "a/" + new string('b', 254),
    };

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public async Task An_invalid_repository_name_is_400_name_invalid_on_every_endpoint(string name)
    {
        // "<name> MUST match the following regular expression: [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*"
        // The 256-character names: the 1.0 spec said "The total length of a repository name, including slashes, MUST be
        // less than 256 characters"; 1.1 keeps the limit as an implementer's note (255 including the host).
        var blob = TestImages.Layer();
        var manifest = TestImages.Image(TestImages.Config(), []);
        var requests = new List<Func<Task<HttpResponseMessage>>>
        {
            () => _client.PutManifestAsync(name, "v1", manifest),
            () => _client.GetAsync($"/v2/{name}/manifests/v1"),
            () => _client.HeadAsync($"/v2/{name}/manifests/v1"),
            () => _client.GetAsync($"/v2/{name}/blobs/{blob.Digest}"),
            () => _client.SendAsync(HttpMethod.Post, $"/v2/{name}/blobs/uploads/", new ByteArrayContent([])),
            () => _client.SendAsync(HttpMethod.Post, $"/v2/{name}/blobs/uploads/?digest={blob.Digest}", OciTestClient.Octets(blob.Bytes)),
            () => _client.GetAsync($"/v2/{name}/tags/list"),
            () => _client.GetAsync($"/v2/{name}/referrers/{manifest.Digest}"),
        };

        foreach (var send in requests)
        {
            using var response = await send();
            await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "NAME_INVALID");
        }
    }

    public static TheoryData<string> ValidNames => new()
    {
        "a",
        "a/b/c",
        "0/1/2/3/4/5/6/7/8/9",
        "a.b",
        "a_b",
        "a__b",
        "a-b",
        "a--b",
        "a-b.c_d/e__f/g---h",
        // Names whose last component is an endpoint word: the router must still find the endpoint by the suffix.
        "foo/manifests",
        "foo/blobs",
        "foo/blobs/uploads",
        "foo/tags",
        "foo/tags/list",
        "foo/referrers",
        "v2",
        new string('n', 255),
    };

    [Theory]
    [MemberData(nameof(ValidNames))]
    public async Task A_valid_repository_name_works_on_every_endpoint(string name)
    {
        var image = await _client.PushImageAsync(name, "v1");

        using var manifest = await _client.GetAsync($"/v2/{name}/manifests/v1");
        await OciAssert.StatusAsync(manifest, HttpStatusCode.OK);
        Assert.Equal(image.Manifest.Bytes, await manifest.Content.ReadAsByteArrayAsync(Ct));
        using var blob = await _client.GetAsync($"/v2/{name}/blobs/{image.Layer.Digest}");
        Assert.Equal(image.Layer.Bytes, await blob.Content.ReadAsByteArrayAsync(Ct));
        using var tags = await _client.GetAsync($"/v2/{name}/tags/list");
        await OciAssert.StatusAsync(tags, HttpStatusCode.OK);
        var list = await tags.Content.ReadFromJsonAsync<TagListBody>(Ct);
        Assert.Equal(name, list!.Name);
        Assert.Equal(["v1"], list.Tags);
        using var referrers = await _client.GetAsync($"/v2/{name}/referrers/{image.Manifest.Digest}");
        await OciAssert.StatusAsync(referrers, HttpStatusCode.OK);

        var location = await _client.StartUploadAsync(name);
        var chunk = TestImages.Layer(10);
        using var patch = await _client.SendAsync(new HttpMethod("PATCH"), location, OciTestClient.Octets(chunk.Bytes), ("Content-Range", "0-9"));
        await OciAssert.StatusAsync(patch, HttpStatusCode.Accepted);
        using var put = await _client.SendAsync(HttpMethod.Put, OciTestClient.WithQuery(OciTestClient.PathOf(patch.Headers.Location!), "digest", chunk.Digest), new ByteArrayContent([]));
        await OciAssert.StatusAsync(put, HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("-tag")]
    [InlineData(".tag")]
    [InlineData("tag!")]
    [InlineData("ta%20g")]
    [InlineData("tag+1")]
    [InlineData("t@g")]
    [InlineData("a:b")]
    public async Task An_invalid_tag_is_refused_with_400(string tag)
    {
        var repository = OciTestClient.NewRepository("tags");
        var image = await _client.PushImageAsync(repository, "v1");

        using var put = await _client.PutManifestAsync(repository, tag, image.Manifest);

        // "<reference> as a tag MUST be at most 128 characters in length and MUST match [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}"
        await OciAssert.StatusAsync(put, HttpStatusCode.BadRequest);
        await OciAssert.ErrorBodyAsync(put);
    }

    [Fact]
    public async Task A_tag_of_129_characters_is_refused_with_400()
    {
        var repository = OciTestClient.NewRepository("tags");
        var image = await _client.PushImageAsync(repository, "v1");

        using var put = await _client.PutManifestAsync(repository, new string('t', 129), image.Manifest);

        await OciAssert.StatusAsync(put, HttpStatusCode.BadRequest);
        await OciAssert.ErrorBodyAsync(put);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("_")]
    [InlineData("_x")]
    [InlineData("A.b-C_d")]
    [InlineData("v1.2.3-rc.1__build")]
    [InlineData("sha256-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public async Task Tags_at_the_edges_of_the_grammar_are_accepted(string tag)
    {
        var repository = OciTestClient.NewRepository("tags");
        var image = await _client.PushImageAsync(repository, tag);

        using var get = await _client.GetAsync($"/v2/{repository}/manifests/{tag}");

        await OciAssert.StatusAsync(get, HttpStatusCode.OK);
        OciAssert.HeaderEqual(get, "Docker-Content-Digest", image.Manifest.Digest);
    }

    [Fact]
    public async Task A_tag_of_128_characters_is_accepted()
    {
        var repository = OciTestClient.NewRepository("tags");
        var tag = "T" + new string('t', 127);
        await _client.PushImageAsync(repository, tag);

        using var get = await _client.GetAsync($"/v2/{repository}/manifests/{tag}");

        await OciAssert.StatusAsync(get, HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("sha256:abc")]
    [InlineData("sha256:" + "0000000000000000000000000000000000000000000000000000000000000000z")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    public async Task Put_manifest_by_a_malformed_or_unsupported_digest_is_400(string reference)
    {
        var repository = OciTestClient.NewRepository("tags");
        var image = await _client.PushImageAsync(repository, "v1");

        using var put = await _client.PutManifestAsync(repository, reference, image.Manifest);

        await OciAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    private static string Config(string digest = AnyDigest, string size = "2") =>
        $"{{\"mediaType\":\"{TestImages.OciConfig}\",\"digest\":\"{digest}\",\"size\":{size}}}";
}
