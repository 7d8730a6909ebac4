using System.Net;
using System.Security.Cryptography;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.EndToEnd;

/// <summary>SIGTERM during an upload: the request in flight finishes, the process exits 0, and after a restart the
/// upload continues where it stood.</summary>
public sealed class GracefulShutdownTests
{
    private const int Half = 1024 * 1024;

    [Fact]
    public async Task Sigterm_lets_an_in_flight_chunk_finish_and_the_upload_resumes_after_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Directory.CreateTempSubdirectory("wharf-shutdown-").FullName;
        var content = RandomNumberGenerator.GetBytes(3 * Half);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
        try
        {
            string location;
            await using (var server = await WharfProcess.StartAsync(data, ct))
            {
                using var client = new HttpClient { BaseAddress = server.BaseAddress };
                using var start = await client.PostAsync("v2/shutdown/app/blobs/uploads/", null, ct);
                Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
                location = start.Headers.Location!.ToString();

                var halfSent = new TaskCompletionSource();
                using var chunk = new SlowContent(content.AsMemory(0, 2 * Half), halfSent);
                chunk.Headers.ContentLength = 2 * Half;
                var patch = client.PatchAsync(location, chunk, ct);
                await halfSent.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);

                var exited = server.TerminateAsync(TimeSpan.FromSeconds(45));
                using var patched = await patch;
                Assert.Equal(HttpStatusCode.Accepted, patched.StatusCode);
                Assert.Equal($"0-{(2 * Half) - 1}", patched.Headers.GetValues("Range").Single());
                Assert.Equal(0, await exited);
            }

            await using (var restarted = await WharfProcess.StartAsync(data, ct))
            {
                using var client = new HttpClient { BaseAddress = restarted.BaseAddress };
                using var status = await client.GetAsync(location, ct);
                Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
                Assert.Equal($"0-{(2 * Half) - 1}", status.Headers.GetValues("Range").Single());

                using var rest = new ByteArrayContent(content, 2 * Half, Half);
                using var put = await client.PutAsync($"{location}?digest={digest}", rest, ct);
                Assert.Equal(HttpStatusCode.Created, put.StatusCode);
                Assert.Equal(content, await client.GetByteArrayAsync($"v2/shutdown/app/blobs/{digest}", ct));
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Sends the first half, signals, waits two seconds, then sends the rest: a chunk still arriving at SIGTERM.</summary>
    private sealed class SlowContent(ReadOnlyMemory<byte> body, TaskCompletionSource halfSent) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var half = body.Length / 2;
            await stream.WriteAsync(body[..half]);
            await stream.FlushAsync();
            halfSent.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(2));
            await stream.WriteAsync(body[half..]);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }
}
