using System.Globalization;
using Wharf.Oci;
using Wharf.Registry.Storage;

namespace Wharf.Registry.Tests.Storage;

/// <summary>Parts of any size, in any mix: S3's 5 MiB minimum part size is the backend's problem, not the client's.</summary>
public abstract partial class BlobStoreContract
{
    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("5M-1")]
    [InlineData("5M")]
    [InlineData("5M+1")]
    [InlineData("0,3,0")]
    [InlineData("1,1,1")]
    [InlineData("1,5M")]
    [InlineData("5M,1")]
    [InlineData("5M-1,1")]
    [InlineData("5M-1,5M+1")]
    [InlineData("5M+1,5M-1,1")]
    [InlineData("2M,2M,6M,1,5M")]
    [InlineData("9M,4M,4M")]
    public async Task Parts_of_any_size_in_any_mix_read_back_and_commit_byte_exact(string sizes)
    {
        var store = await CreateStoreAsync();
        var id = UploadId.New();
        var chunks = ParseSizes(sizes).Select((size, i) => Bytes(100 + i, size)).ToList();
        var content = chunks.SelectMany(c => c).ToArray();
        var digest = Digest.Compute(content);

        var parts = new List<StagedPart>();
        foreach (var chunk in chunks)
        {
            parts.Add(await WriteAsync(store, id, chunk));
        }

        Assert.Equal(chunks.Select(c => (long)c.Length), parts.Select(p => p.Length));
        Assert.Equal(content, await ReadPartsAsync(store, id, parts));
        await store.CommitPartsAsync(id, parts, digest, Ct);

        Assert.Equal(content.Length, await store.StatAsync(digest, Ct));
        var stored = await ReadAllAsync(store, digest, 0);
        Assert.Equal(digest, Digest.Compute(stored));
        Assert.Equal(content, stored);
    }

    [Fact]
    public async Task A_blob_of_more_than_64_MiB_assembles_from_small_and_large_parts()
    {
        var store = await CreateStoreAsync();
        var id = UploadId.New();
        // Runs of small parts between large ones, a large part right after a short run, and one over the 8 MiB a body is
        // buffered in on S3; 65 MiB + 5 bytes in all.
        int[] sizes = [1024, 3 * MiB, 7 * MiB, 1, 5 * MiB - 1, 20 * MiB, 2 * MiB, 2 * MiB, 1 * MiB, 9 * MiB, 5 * MiB + 1, 15 * MiB - 1024 + 3];
        var content = Bytes(64, sizes.Sum());
        var digest = Digest.Compute(content);

        var parts = new List<StagedPart>();
        var at = 0;
        foreach (var size in sizes)
        {
            parts.Add(await store.WritePartAsync(id, new MemoryStream(content, at, size, writable: false), Ct));
            at += size;
        }

        await store.CommitPartsAsync(id, parts, digest, Ct);

        Assert.True(content.Length > 64 * MiB);
        Assert.Equal(content.Length, await store.StatAsync(digest, Ct));
        await using var stored = await store.OpenReadAsync(digest, 0, Ct);
        Assert.NotNull(stored);
        var buffer = new byte[MiB];
        var read = 0;
        int n;
        while ((n = await stored.ReadAsync(buffer, Ct)) > 0)
        {
            Assert.True(buffer.AsSpan(0, n).SequenceEqual(content.AsSpan(read, n)), $"bytes differ within {read}..{read + n}");
            read += n;
        }

        Assert.Equal(content.Length, read);
    }

    /// <summary>"5M-1,1" → [5 MiB − 1, 1].</summary>
    private static IEnumerable<int> ParseSizes(string sizes) => sizes.Split(',').Select(size =>
    {
        var mib = size.IndexOf('M', StringComparison.Ordinal);
        if (mib < 0)
        {
            return int.Parse(size, CultureInfo.InvariantCulture);
        }

        var adjust = mib + 1 < size.Length ? int.Parse(size[(mib + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        return int.Parse(size[..mib], CultureInfo.InvariantCulture) * MiB + adjust;
    });
}
