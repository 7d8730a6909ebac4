using System.Collections.Concurrent;
using System.Security.Cryptography;
using Wharf.Oci;
using Wharf.Oci.Images;
using Wharf.Server.Tests.Conformance;

namespace Wharf.Server.Tests.Client;

/// <summary>Blobs and manifests for the client tests, as the client's own types, built from the conformance
/// suite's generators (digests computed independently of the client).</summary>
internal static class ClientTestBlobs
{
    public static Descriptor Describe(byte[] bytes, string mediaType = TestImages.OciLayerGzip) =>
        new() { MediaType = mediaType, Digest = Digest.Parse(TestImages.Sha256(bytes)), Size = bytes.Length };

    public static Descriptor Describe(TestBlob blob) => Describe(blob.Bytes, blob.MediaType);

    public static ManifestContent Content(TestManifest manifest) => new(manifest.Bytes, manifest.MediaType);

    public static byte[] Random(int size) => RandomNumberGenerator.GetBytes(size);

    public static RepositoryName Repository(string area) => RepositoryName.Parse(OciTestClient.NewRepository(area));

    /// <summary>A source opened at an offset over bytes in memory, recording each offset it was opened at.</summary>
    public static Func<long, CancellationToken, Task<Stream>> Opener(byte[] bytes, ConcurrentQueue<long>? opened = null) =>
        (offset, _) =>
        {
            opened?.Enqueue(offset);
            return Task.FromResult<Stream>(new MemoryStream(bytes, (int)offset, bytes.Length - (int)offset, writable: false));
        };

    public static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, TestContext.Current.CancellationToken);
            return copy.ToArray();
        }
    }
}
