using System.Collections.Concurrent;
using Wharf.Oci;
using Wharf.Oci.Client;
using Wharf.Oci.Errors;
using Wharf.Server.Tests.Conformance;
using static Wharf.Server.Tests.Client.ClientTestBlobs;

namespace Wharf.Server.Tests.Client;

/// <summary>The registry client against a real registry: each derived class runs every test against one (Wharf,
/// CNCF Distribution). Content is seeded through the client itself or the conformance suite's raw HTTP client.</summary>
public abstract partial class RegistryClientContractTests
{
    protected abstract string HostPort { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected RegistryClient NewClient(RegistryClientOptions? options = null) => new(HostPort, options);

    /// <summary>Pushes a config, a layer and a manifest over them through the client (Distribution 2.8 has no
    /// single-POST upload, which the conformance suite's seeding assumes), tagged when <paramref name="tag"/> is given.</summary>
    private protected async Task<PushedImage> SeedImageAsync(string repository, string? tag = null)
    {
        using var client = NewClient();
        var name = RepositoryName.Parse(repository);
        var config = TestImages.Config();
        var layer = TestImages.Layer();
        foreach (var blob in new[] { config, layer })
        {
            await client.PushBlobAsync(name, Describe(blob), Opener(blob.Bytes), null, null, Ct);
        }

        var manifest = TestImages.Image(config, [layer]);
        var reference = tag is null ? Reference.ForDigest(Digest.Parse(manifest.Digest)) : Reference.ForTag(tag);
        await client.PutManifestAsync(name, reference, Content(manifest), Ct);
        return new PushedImage(config, layer, manifest);
    }

    private protected async Task TagAsync(string repository, string tag, TestManifest manifest)
    {
        using var client = NewClient();
        await client.PutManifestAsync(RepositoryName.Parse(repository), Reference.ForTag(tag), Content(manifest), Ct);
    }

    [Theory]
    [InlineData(TestImages.OciManifest)]
    [InlineData(TestImages.DockerManifest)]
    public async Task Manifests_and_blobs_round_trip(string mediaType)
    {
        using var client = NewClient();
        var repository = Repository("client/roundtrip");
        var config = TestImages.Config(mediaType == TestImages.DockerManifest ? TestImages.DockerConfig : TestImages.OciConfig);
        var layer = TestImages.Layer(4096);
        foreach (var blob in new[] { config, layer })
        {
            await client.PushBlobAsync(repository, Describe(blob), Opener(blob.Bytes), null, null, Ct);
        }

        var manifest = Content(TestImages.Image(config, [layer], mediaType));
        Assert.Equal(manifest.Digest, await client.PutManifestAsync(repository, Reference.ForTag("v1"), manifest, Ct));

        foreach (var reference in new[] { Reference.ForTag("v1"), Reference.ForDigest(manifest.Digest) })
        {
            var fetched = await client.FindManifestAsync(repository, reference, Ct);
            Assert.NotNull(fetched);
            Assert.Equal(manifest.Bytes, fetched.Bytes);
            Assert.Equal(mediaType, fetched.MediaType);
        }

        var head = await client.FindManifestDescriptorAsync(repository, Reference.ForTag("v1"), Ct);
        Assert.Equal((manifest.Digest, (long)manifest.Bytes.Length, mediaType), (head!.Digest, head.Size, head.MediaType));
        Assert.Equal(layer.Size, await client.FindBlobSizeAsync(repository, Describe(layer).Digest, Ct));
        Assert.Equal(layer.Bytes, await ReadAllAsync(await client.OpenBlobAsync(repository, Describe(layer).Digest, 0, Ct)));
        Assert.Equal(layer.Bytes[1000..], await ReadAllAsync(await client.OpenBlobAsync(repository, Describe(layer).Digest, 1000, Ct)));

        Assert.Null(await client.FindManifestAsync(repository, Reference.ForTag("absent"), Ct));
        Assert.Null(await client.FindManifestDescriptorAsync(repository, Reference.ForTag("absent"), Ct));
        Assert.Null(await client.FindBlobSizeAsync(repository, Describe(Random(10)).Digest, Ct));
    }

    [Fact]
    public async Task Large_blobs_go_up_in_chunks_with_progress()
    {
        using var client = NewClient(new RegistryClientOptions { ChunkSize = 64 * 1024 });
        var repository = Repository("client/chunked");
        var bytes = Random((200 * 1024) + 123);
        var progress = new RecordingProgress();
        var opened = new ConcurrentQueue<long>();

        await client.PushBlobAsync(repository, Describe(bytes), Opener(bytes, opened), progress, null, Ct);

        Assert.Equal([0L], opened);
        var reports = progress.Reports.ToList();
        Assert.Equal(bytes.Length, reports[^1]);
        Assert.Equal(reports.Order(), reports); // never backwards without an interruption
        Assert.Contains(64L * 1024, reports);   // each chunk acknowledged at its boundary
        Assert.Contains(192L * 1024, reports);
        Assert.Equal(bytes, await ReadAllAsync(await client.OpenBlobAsync(repository, Describe(bytes).Digest, 0, Ct)));
    }

    /// <summary>Where a push resumes after its connection was reset mid-chunk: Wharf keeps what it received and
    /// reports it (resume there); Distribution 2.8 refuses an upload whose size moved under its state token, so
    /// the client starts that blob over.</summary>
    protected abstract bool ResumesFromRegistryOffset { get; }

    [Fact]
    public async Task A_connection_reset_mid_chunk_resumes_from_the_registry_range()
    {
        await using var proxy = new CuttingProxy(int.Parse(HostPort.Split(':')[1]), cutAfter: 700 * 1024);
        using var client = new RegistryClient(proxy.HostPort, new RegistryClientOptions { ChunkSize = 256 * 1024, RetryDelay = TimeSpan.Zero });
        var repository = Repository("client/resume");
        var bytes = Random(1536 * 1024);
        var opened = new ConcurrentQueue<long>();
        var progress = new RecordingProgress();

        await client.PushBlobAsync(repository, Describe(bytes), Opener(bytes, opened), progress, null, Ct);

        Assert.Equal(1, proxy.Cuts);
        var offsets = opened.ToList();
        Assert.Equal(0, offsets[0]);
        if (ResumesFromRegistryOffset)
        {
            Assert.Equal(2, offsets.Count);
            Assert.InRange(offsets[1], 512 * 1024, 700 * 1024); // two chunks acknowledged, part of the third maybe kept
        }
        else
        {
            // Distribution may still report the two acknowledged chunks if the status GET overtakes its handling of
            // the cut PATCH; the resumed PATCH is then refused and the blob starts over: 2 or 3 opens, the last at 0.
            Assert.InRange(offsets.Count, 2, 3);
            Assert.Equal(0, offsets[^1]);
        }

        Assert.Equal(bytes.Length, progress.Reports.Last());
        using var direct = NewClient();
        Assert.Equal(bytes, await ReadAllAsync(await direct.OpenBlobAsync(repository, Describe(bytes).Digest, 0, Ct)));
    }

    [Fact]
    public async Task A_connection_reset_during_a_one_request_push_is_retried()
    {
        await using var proxy = new CuttingProxy(int.Parse(HostPort.Split(':')[1]), cutAfter: 300 * 1024);
        using var client = new RegistryClient(proxy.HostPort, new RegistryClientOptions { RetryDelay = TimeSpan.Zero });
        var repository = Repository("client/retry");
        var bytes = Random(1024 * 1024); // under the default chunk size: one request
        var opened = new ConcurrentQueue<long>();

        await client.PushBlobAsync(repository, Describe(bytes), Opener(bytes, opened), null, null, Ct);

        Assert.Equal(1, proxy.Cuts);
        Assert.Equal(0, opened.Last());
        using var direct = NewClient();
        Assert.Equal(bytes, await ReadAllAsync(await direct.OpenBlobAsync(repository, Describe(bytes).Digest, 0, Ct)));
    }

    [Fact]
    public async Task A_source_failing_mid_chunk_is_reopened_and_the_push_completes()
    {
        using var client = NewClient(new RegistryClientOptions { ChunkSize = 64 * 1024, RetryDelay = TimeSpan.Zero });
        var repository = Repository("client/flaky");
        var bytes = Random(300 * 1024);
        var opened = new ConcurrentQueue<long>();
        var open = Opener(bytes, opened);

        await client.PushBlobAsync(repository, Describe(bytes), async (offset, ct) =>
        {
            var stream = await open(offset, ct);
            return opened.Count == 1 ? new FailingOnceStream(stream, 100 * 1024) : stream;
        }, null, null, Ct);

        // At least one reopen; under load a registry that cannot resume (Distribution 2.8) may cost another restart.
        Assert.True(opened.Count >= 2, $"opened {opened.Count} times");
        Assert.Equal(bytes, await ReadAllAsync(await client.OpenBlobAsync(repository, Describe(bytes).Digest, 0, Ct)));
    }

    [Fact]
    public async Task A_blob_is_mounted_from_another_repository_or_pushed_into_the_session_offered_instead()
    {
        using var client = NewClient();
        var source = Repository("client/mount-from");
        var target = Repository("client/mount-to");
        var bytes = Random(5000);
        await client.PushBlobAsync(source, Describe(bytes), Opener(bytes), null, null, Ct);

        var mounted = await client.MountBlobAsync(target, Describe(bytes).Digest, source, Ct);
        Assert.True(mounted.Mounted);
        Assert.Equal(bytes.Length, await client.FindBlobSizeAsync(target, Describe(bytes).Digest, Ct));

        var other = Random(7000);
        var refused = await client.MountBlobAsync(target, Describe(other).Digest, source, Ct);
        Assert.False(refused.Mounted);
        Assert.NotNull(refused.Session);
        await client.PushBlobAsync(target, Describe(other), Opener(other), null, refused.Session, Ct);
        Assert.Equal(other.Length, await client.FindBlobSizeAsync(target, Describe(other).Digest, Ct));
    }

    [Fact]
    public async Task Tags_are_listed_across_pages_to_the_end()
    {
        var repository = OciTestClient.NewRepository("client/tags");
        var image = await SeedImageAsync(repository, "t0");
        var tags = Enumerable.Range(0, 7).Select(i => $"t{i}").ToList();
        foreach (var tag in tags.Skip(1))
        {
            await TagAsync(repository, tag, image.Manifest);
        }

        using var client = NewClient();
        var listed = await client.ListTagsAsync(RepositoryName.Parse(repository), 3, Ct).ToListAsync(Ct);

        // Wharf pages (3 + 3 + 1 behind Link headers) in order; Distribution 2.8 ignores n and does not sort.
        Assert.Equal(tags, listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_catalog_is_listed_across_pages_to_the_end()
    {
        var prefix = OciTestClient.NewRepository("client/catalog");
        var repositories = Enumerable.Range(0, 5).Select(i => $"{prefix}/r{i}").ToList();
        foreach (var repository in repositories)
        {
            await SeedImageAsync(repository, "latest");
        }

        using var client = NewClient();
        var listed = await client.ListRepositoriesAsync(2, Ct).ToListAsync(Ct);

        Assert.Equal(repositories, listed.Where(r => r.StartsWith(prefix + "/", StringComparison.Ordinal)));
        Assert.Equal(listed.Distinct().Count(), listed.Count);
    }
}
