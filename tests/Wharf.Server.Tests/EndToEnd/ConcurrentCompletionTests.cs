using System.Net;
using Wharf.Server.Tests.Conformance;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.EndToEnd;

/// <summary>Several <c>PUT …/blobs/uploads/&lt;id&gt;?digest=</c> closing the same upload at once (a client retrying
/// on a timeout, or a proxy replaying): one completes it, every other answers the same 201 or 404
/// BLOB_UPLOAD_UNKNOWN, never a 5xx, and the blob is served intact. On every blob backend.</summary>
public sealed class ConcurrentCompletionTests(CephFixture ceph)
{
    private const int Completers = 8;
    private const int Rounds = 12;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("filesystem")]
    [InlineData("memory")]
    [InlineData("s3")]
    public async Task Concurrent_puts_closing_one_upload_get_the_same_201_or_404_and_never_a_5xx(string backend)
    {
        await using var server = await WharfServer.StartAsync(settings: await S3Backend.ForBackendAsync(backend, ceph, GetType()));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = server.BaseAddress };
        var client = new OciTestClient(http);

        for (var round = 0; round < Rounds; round++)
        {
            var repository = OciTestClient.NewRepository("complete");
            var blob = TestImages.Layer(256 * 1024 + round);
            var location = await client.StartUploadAsync(repository);
            using (var patch = await client.SendAsync(new HttpMethod("PATCH"), location, OciTestClient.Octets(blob.Bytes)))
            {
                await OciAssert.StatusAsync(patch, HttpStatusCode.Accepted);
                location = OciTestClient.PathOf(patch.Headers.Location!);
            }

            using var start = new SemaphoreSlim(0, Completers);
            var puts = Enumerable.Range(0, Completers).Select(_ => Task.Run(async () =>
            {
                await start.WaitAsync(Ct);
                return await client.SendAsync(HttpMethod.Put, OciTestClient.WithQuery(location, "digest", blob.Digest), new ByteArrayContent([]));
            }, Ct)).ToList();
            start.Release(Completers);
            var responses = await Task.WhenAll(puts);

            try
            {
                foreach (var response in responses)
                {
                    await OciAssert.StatusAsync(response, [HttpStatusCode.Created, HttpStatusCode.NotFound]);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        OciAssert.HeaderEqual(response, "Docker-Content-Digest", blob.Digest);
                        Assert.Equal($"/v2/{repository}/blobs/{blob.Digest}", OciTestClient.PathOf(response.Headers.Location!));
                    }
                    else
                    {
                        await OciAssert.ErrorAsync(response, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
                    }
                }

                Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Created);
                using var get = await client.GetAsync($"/v2/{repository}/blobs/{blob.Digest}");
                await OciAssert.StatusAsync(get, HttpStatusCode.OK);
                Assert.Equal(blob.Bytes, await get.Content.ReadAsByteArrayAsync(Ct));
                using var status = await client.GetAsync(location);
                await OciAssert.ErrorAsync(status, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
            }
            finally
            {
                foreach (var response in responses)
                {
                    response.Dispose();
                }
            }
        }
    }
}
