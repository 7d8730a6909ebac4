using Wharf.Oci;
using Wharf.Oci.Errors;

namespace Wharf.Registry.Tests.Uploads;

/// <summary>Several writers and completers on one upload: the database row decides the offset and the single writer,
/// a writer that loses (or is merely slow) never gets its bytes into the blob, and completion agrees however often it
/// runs at once.</summary>
public abstract partial class UploadServiceContract
{
    [Fact]
    public async Task Of_concurrent_appends_at_one_offset_exactly_one_wins_and_the_others_are_range_invalid()
    {
        var prefix = Bytes(20, 1000);
        var session = await NewNode().StartAsync(Repo, Ct);
        await NewNode().AppendAsync(Repo, session.Id, new MemoryStream(prefix), 0, Ct);
        var chunks = Enumerable.Range(0, 8).Select(i => Bytes(30 + i, 100_000 + i)).ToList();

        using var go = new SemaphoreSlim(0, chunks.Count);
        var appends = chunks.Select(chunk => Task.Run(async () =>
        {
            await go.WaitAsync(Ct);
            return await NewNode().AppendAsync(Repo, session.Id, new MemoryStream(chunk), prefix.Length, Ct);
        }, Ct)).ToList();
        go.Release(chunks.Count);
        await Task.WhenAll(appends.Select(a => a.ContinueWith(_ => { }, Ct, TaskContinuationOptions.None, TaskScheduler.Default)));

        var winners = appends.Where(a => a.IsCompletedSuccessfully).ToList();
        var winner = chunks[appends.IndexOf(Assert.Single(winners))];
        Assert.Equal(prefix.Length + winner.Length, await winners[0]);
        Assert.All(appends.Where(a => a.IsFaulted), a => Assert.Equal(OciErrorCode.RangeInvalid, Assert.IsType<RegistryException>(a.Exception!.InnerException).Code));
        Assert.Equal(2, (await Metadata.ListUploadPartsAsync(session.Id, Ct)).Count);

        var content = prefix.Concat(winner).ToArray();
        await NewNode().CompleteAsync(Repo, session.Id, Digest.Compute(content), null, null, Ct);
        await AssertStoredAsync(Digest.Compute(content), content);
    }

    [Fact]
    public async Task A_slow_writer_whose_part_arrives_after_another_took_its_offset_loses_and_leaves_the_upload_intact()
    {
        var prefix = Bytes(40, 1000);
        var (slowChunk, fastChunk) = (Bytes(41, 300_000), Bytes(42, 200_000));
        var session = await NewNode().StartAsync(Repo, Ct);
        await NewNode().AppendAsync(Repo, session.Id, new MemoryStream(prefix), 0, Ct);

        var slowBody = new GatedStream(slowChunk);
        var slow = Task.Run(() => NewNode().AppendAsync(Repo, session.Id, slowBody, prefix.Length, Ct), Ct);
        await slowBody.Started;
        // The offset is the recorded one, not what the slow writer has sent so far.
        Assert.Equal(prefix.Length, await NewNode().GetOffsetAsync(Repo, session.Id, Ct));
        Assert.Equal(prefix.Length + fastChunk.Length, await NewNode().AppendAsync(Repo, session.Id, new MemoryStream(fastChunk), prefix.Length, Ct));
        slowBody.Release();

        var lost = await Assert.ThrowsAsync<RegistryException>(() => slow);
        Assert.Equal(OciErrorCode.RangeInvalid, lost.Code);
        var content = prefix.Concat(fastChunk).ToArray();
        Assert.Equal(content.Length, await NewNode().GetOffsetAsync(Repo, session.Id, Ct));
        await NewNode().CompleteAsync(Repo, session.Id, Digest.Compute(content), null, null, Ct);
        await AssertStoredAsync(Digest.Compute(content), content);
    }

    [Fact]
    public async Task A_slow_writer_whose_upload_completed_meanwhile_gets_blob_upload_unknown_and_leaves_no_staging()
    {
        var content = Bytes(50, 5000);
        var session = await NewNode().StartAsync(Repo, Ct);
        await NewNode().AppendAsync(Repo, session.Id, new MemoryStream(content), 0, Ct);

        var slowBody = new GatedStream(Bytes(51, 300_000));
        var slow = Task.Run(() => NewNode().AppendAsync(Repo, session.Id, slowBody, content.Length, Ct), Ct);
        await slowBody.Started;
        await NewNode().CompleteAsync(Repo, session.Id, Digest.Compute(content), null, null, Ct);
        slowBody.Release();

        var lost = await Assert.ThrowsAsync<RegistryException>(() => slow);
        Assert.Equal(OciErrorCode.BlobUploadUnknown, lost.Code);
        await AssertStoredAsync(Digest.Compute(content), content);
        Assert.DoesNotContain(session.Id, await StagedIdsAsync());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Concurrent_completions_of_one_upload_all_link_the_blob_or_find_the_upload_gone(int chunks)
    {
        var content = Bytes(60 + chunks, 3 * MiB + 17);
        var digest = Digest.Compute(content);
        var session = await NewNode().StartAsync(Repo, Ct);
        var offset = 0L;
        foreach (var chunk in content.Chunk((content.Length / chunks) + 1))
        {
            offset = await NewNode().AppendAsync(Repo, session.Id, new MemoryStream(chunk), offset, Ct);
        }

        using var go = new SemaphoreSlim(0, 8);
        var completions = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await go.WaitAsync(Ct);
            return await NewNode().CompleteAsync(Repo, session.Id, digest, null, null, Ct);
        }, Ct)).ToList();
        go.Release(8);
        await Task.WhenAll(completions.Select(c => c.ContinueWith(_ => { }, Ct, TaskContinuationOptions.None, TaskScheduler.Default)));

        Assert.Contains(completions, c => c.IsCompletedSuccessfully);
        Assert.All(completions, c =>
        {
            if (c.IsCompletedSuccessfully)
            {
                Assert.Equal(content.Length, c.Result);
            }
            else
            {
                Assert.Equal(OciErrorCode.BlobUploadUnknown, Assert.IsType<RegistryException>(c.Exception!.InnerException).Code);
            }
        });
        await AssertStoredAsync(digest, content);
        Assert.Null(await Metadata.FindUploadAsync(session.Id, Ct));
        Assert.DoesNotContain(session.Id, await StagedIdsAsync());
    }

    /// <summary>A request body that sends its first bytes, then stalls until released: a slow client, or a request
    /// still in flight on another node.</summary>
    private sealed class GatedStream(byte[] content) : MemoryStream(content)
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task;

        public void Release() => _released.TrySetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position > 0)
            {
                _started.TrySetResult();
                await _released.Task.WaitAsync(cancellationToken);
            }

            return await base.ReadAsync(buffer[..Math.Min(buffer.Length, 1000)], cancellationToken);
        }
    }
}
