using Wharf.Oci.Images;

namespace Wharf.Oci.Tests.Layout;

/// <summary>Reads an image back from a source and compares it with what was written.</summary>
internal static class LayoutAssert
{
    /// <summary>The manifest <paramref name="expected"/> comes back byte for byte by digest, and so does every blob it names.</summary>
    public static async Task SameImageAsync(MemoryImageSource written, ManifestContent expected, IImageSource read, CancellationToken ct)
    {
        var manifest = await read.GetManifestAsync(expected.Digest, ct);
        Assert.Equal(expected.Bytes, manifest.Bytes);
        Assert.Equal(expected.MediaType, manifest.MediaType);
        foreach (var blob in MemoryImageSource.BlobsOf(expected))
        {
            Assert.Equal(written.Blobs[blob.Digest], await ReadBlobAsync(read, blob, ct));
        }
    }

    /// <summary>A blob's bytes, read through a verifying stream (so digest and size are checked too).</summary>
    public static async Task<byte[]> ReadBlobAsync(IImageSource source, Descriptor blob, CancellationToken ct)
    {
        await using var stream = new VerifyingReadStream(await source.OpenBlobAsync(blob, 0, ct), blob);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
