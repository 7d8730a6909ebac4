using System.Net;
using Microsoft.Extensions.Options;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.EndToEnd;

/// <summary>Wharf with <c>Storage:Backend=s3</c> on a real Ceph RADOS Gateway: blobs pushed monolithically and in chunks
/// (ours, then skopeo's streamed PATCH), pulled by skopeo, which follows the 307 to a presigned URL in
/// <c>redirect</c> mode and reads through Wharf in <c>proxy</c> mode, digests checked at every step.</summary>
public sealed class S3BackendTests(CephFixture ceph) : IDisposable
{
    private const int MiB = 1024 * 1024;
    private readonly List<string> _directories = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("redirect")]
    [InlineData("proxy")]
    public async Task Skopeo_pushes_to_and_pulls_from_wharf_on_s3(string blobDelivery)
    {
        ExternalTool.Require("skopeo");
        await using var server = await WharfServer.StartAsync(settings: await S3Backend.SettingsAsync(ceph, GetType(), blobDelivery));
        var client = new OciPushClient(server.Client);
        // A layer above S3's 5 MiB part minimum sent in chunks below it, a small one in chunks, a small one whole.
        var image = TestImage.Create(new Random(9), blobDelivery, 6 * MiB + 3, 300_000, 1000);
        await PushAsync(client, "s3/source", image);

        var pulled = NewDirectory();
        await SkopeoAsync("copy", "--src-tls-verify=false", $"docker://{server.HostPort}/s3/source:1", $"dir:{pulled}");
        AssertDirectoryHolds(pulled, image);

        // skopeo's own push: POST, one streamed PATCH per blob, PUT.
        await SkopeoAsync("copy", "--dest-tls-verify=false", $"dir:{pulled}", $"docker://{server.HostPort}/s3/copy:1");
        var again = NewDirectory();
        await SkopeoAsync("copy", "--src-tls-verify=false", $"docker://{server.HostPort}/s3/copy:1", $"dir:{again}");
        AssertDirectoryHolds(again, image);

        await AssertBlobAnswersAsync(server, blobDelivery, "s3/copy", image.Layers[0]);
    }

    [Theory]
    [InlineData("Storage:S3:Bucket", "", "Storage:S3:Bucket is required")]
    [InlineData("Storage:S3:SecretKey", "", "go together")]
    [InlineData("Storage:S3:BlobDelivery", "sometimes", "BlobDelivery")]
    [InlineData("Storage:S3:ServiceUrl", "gateway:7480", "absolute URL")]
    public async Task A_bad_s3_setting_stops_the_server_with_a_message_naming_it(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Backend"] = "s3",
            ["Storage:S3:Bucket"] = "registry",
            ["Storage:S3:AccessKey"] = "key",
            ["Storage:S3:SecretKey"] = "secret",
            [key] = value,
        };

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => WharfServer.StartAsync(NewDirectory(), settings));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    private static async Task PushAsync(OciPushClient client, string repository, TestImage image)
    {
        using (var config = await client.PushMonolithicAsync(repository, image.Config, Ct))
        using (var large = await client.PushChunkedAsync(repository, image.Layers[0], chunks: 4, lastChunkInPut: true, Ct))
        using (var medium = await client.PushChunkedAsync(repository, image.Layers[1], chunks: 3, lastChunkInPut: false, Ct))
        using (var small = await client.PushMonolithicAsync(repository, image.Layers[2], Ct))
        using (var manifest = await client.PutManifestAsync(repository, "1", image.Manifest, OciPushClient.OciManifest, Ct))
        {
            foreach (var (response, what) in new[] { (config, "config"), (large, "chunked 6 MiB layer"), (medium, "chunked layer"), (small, "small layer"), (manifest, "manifest") })
            {
                await OciPushClient.ExpectAsync(response, HttpStatusCode.Created, $"push of the {what}");
            }
        }
    }

    /// <summary>A skopeo <c>dir:</c> copy: the manifest byte for byte, and each blob in a file named by its hex digest.</summary>
    private static void AssertDirectoryHolds(string directory, TestImage image)
    {
        Assert.Equal(image.Manifest, File.ReadAllBytes(Path.Combine(directory, "manifest.json")));
        foreach (var blob in image.Blobs)
        {
            Assert.Equal(blob, File.ReadAllBytes(Path.Combine(directory, OciPushClient.DigestOf(blob)["sha256:".Length..])));
        }
    }

    /// <summary>HEAD is answered by Wharf in either mode; GET is a 307 to the store or the bytes themselves, ranges included.</summary>
    private async Task AssertBlobAnswersAsync(WharfServer server, string blobDelivery, string repository, byte[] blob)
    {
        var digest = OciPushClient.DigestOf(blob);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/{repository}/blobs/{digest}"), Ct);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(blob.Length, head.Content.Headers.ContentLength);
        Assert.Equal(digest, head.Headers.GetValues("Docker-Content-Digest").Single());

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{repository}/blobs/{digest}");
        request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(MiB, (2 * MiB) - 1);
        using var get = await http.SendAsync(request, Ct);
        Assert.Equal(digest, get.Headers.GetValues("Docker-Content-Digest").Single());
        if (blobDelivery == "proxy")
        {
            Assert.Equal(HttpStatusCode.PartialContent, get.StatusCode);
            Assert.Equal(blob[MiB..(2 * MiB)], await get.Content.ReadAsByteArrayAsync(Ct));
            return;
        }

        Assert.Equal(HttpStatusCode.TemporaryRedirect, get.StatusCode);
        var location = get.Headers.Location!;
        var gateway = await ceph.StartAsync(Ct);
        Assert.Equal(gateway.ServiceUrl.Authority, location.Authority);
        // The presigned URL serves the bytes, and the range, to a client holding no credentials of the store.
        using var fetch = new HttpRequestMessage(HttpMethod.Get, location);
        fetch.Headers.Range = request.Headers.Range;
        using var fetched = await http.SendAsync(fetch, Ct);
        Assert.Equal(HttpStatusCode.PartialContent, fetched.StatusCode);
        Assert.Equal(blob[MiB..(2 * MiB)], await fetched.Content.ReadAsByteArrayAsync(Ct));
    }

    private static async Task SkopeoAsync(params string[] arguments) =>
        (await ExternalTool.RunAsync("skopeo", arguments, ct: Ct)).EnsureSuccess();

    public void Dispose()
    {
        foreach (var directory in _directories)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private string NewDirectory()
    {
        _directories.Add(Directory.CreateTempSubdirectory("wharf-s3-skopeo-").FullName);
        return _directories[^1];
    }
}
