using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Conformance;

/// <summary>distribution-spec "Error Codes": "A `4XX` response code from the registry MAY return a body in any format.
/// If the response body is in JSON format, it MUST have the following format … The `code` field MUST be one of the
/// following" — the fourteen codes of the table. One row per way of provoking an error.</summary>
public sealed class ErrorCodeTableTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    private readonly OciTestClient _client = new(fixture.Server.Client);

    [Theory]
    [InlineData("unknown blob")]
    [InlineData("unknown manifest")]
    [InlineData("unknown upload")]
    [InlineData("unknown repository tags")]
    [InlineData("invalid repository name")]
    [InlineData("digest mismatch")]
    [InlineData("malformed manifest")]
    [InlineData("manifest blob unknown")]
    [InlineData("oversized manifest")]
    [InlineData("unsupported method")]
    [InlineData("no such endpoint")]
    [InlineData("out-of-order chunk")]
    [InlineData("malformed content-range")]
    [InlineData("unsatisfiable blob range")]
    [InlineData("invalid n on tags list")]
    [InlineData("invalid n on catalog")]
    public async Task Every_json_error_body_uses_a_code_from_the_spec_table(string scenario)
    {
        using var response = await ProvokeAsync(scenario);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{scenario}: expected a 4xx, got {(int)response.StatusCode}");
        var codes = await OciAssert.ErrorBodyAsync(response);
        foreach (var code in codes)
        {
            Assert.True(OciAssert.SpecErrorCodes.Contains(code), $"{scenario}: {(int)response.StatusCode} carries code {code}, which is not in the spec's table ({string.Join(", ", OciAssert.SpecErrorCodes)})");
        }
    }

    private async Task<HttpResponseMessage> ProvokeAsync(string scenario)
    {
        var repository = OciTestClient.NewRepository("errors");
        var blob = TestImages.Layer(20);
        switch (scenario)
        {
            case "unknown blob":
                await _client.PushBlobAsync(repository, TestImages.Layer());
                return await _client.GetAsync($"/v2/{repository}/blobs/{blob.Digest}");
            case "unknown manifest":
                await _client.PushImageAsync(repository, "v1");
                return await _client.GetAsync($"/v2/{repository}/manifests/v2");
            case "unknown upload":
                return await _client.GetAsync($"/v2/{repository}/blobs/uploads/{Guid.NewGuid():N}");
            case "unknown repository tags":
                return await _client.GetAsync($"/v2/{repository}/tags/list");
            case "invalid repository name":
                return await _client.GetAsync("/v2/Invalid/manifests/latest");
            case "digest mismatch":
                return await _client.SendAsync(HttpMethod.Put, OciTestClient.WithQuery(await _client.StartUploadAsync(repository), "digest", TestImages.Layer().Digest), OciTestClient.Octets(blob.Bytes));
            case "malformed manifest":
                return await _client.PutManifestAsync(repository, "v1", "{"u8.ToArray(), TestImages.OciManifest);
            case "manifest blob unknown":
                return await _client.PutManifestAsync(repository, "v1", TestImages.Image(TestImages.Config(), [blob]));
            case "oversized manifest":
                return await _client.PutManifestAsync(repository, "v1", new byte[(4 * 1024 * 1024) + 1], TestImages.OciManifest);
            case "unsupported method":
                return await _client.SendAsync(HttpMethod.Post, $"/v2/{repository}/manifests/latest", new ByteArrayContent([]));
            case "no such endpoint":
                return await _client.GetAsync($"/v2/{repository}/nothing/here");
            case "out-of-order chunk":
                return await _client.SendAsync(new HttpMethod("PATCH"), await _client.StartUploadAsync(repository), OciTestClient.Octets(blob.Bytes), ("Content-Range", "5-24"));
            case "malformed content-range":
                return await _client.SendAsync(new HttpMethod("PATCH"), await _client.StartUploadAsync(repository), OciTestClient.Octets(blob.Bytes), ("Content-Range", "garbage"));
            case "unsatisfiable blob range":
                await _client.PushBlobAsync(repository, blob);
                return await _client.GetAsync($"/v2/{repository}/blobs/{blob.Digest}", ("Range", "bytes=100-"));
            case "invalid n on tags list":
                await _client.PushImageAsync(repository, "v1");
                return await _client.GetAsync($"/v2/{repository}/tags/list?n=-1");
            case "invalid n on catalog":
                return await _client.GetAsync("/v2/_catalog?n=lots");
            default:
                throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null);
        }
    }
}
