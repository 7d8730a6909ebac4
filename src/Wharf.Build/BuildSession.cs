using System.Globalization;
using Wharf.Build.Cache;
using Wharf.Build.Context;
using Wharf.Build.Dockerfile;
using Wharf.Build.Dockerfile.Instructions;
using Wharf.Build.Images;
using Wharf.Build.Layers;
using Wharf.Build.Rootfs;
using Wharf.Build.Store;
using Wharf.Oci;

namespace Wharf.Build;

/// <summary>What every step of one build shares: the request, the machine's stores, the log, the build's scratch
/// directory, the epoch that stands for "now", and the stages built so far (for FROM and COPY --from) with their
/// platforms. <see cref="Platform"/> is the target platform: a stage's own differs with <c>FROM --platform</c>.</summary>
internal sealed class BuildSession
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..12];
    private int _containers;

    public required BuildRequest Request { get; init; }

    public required BuilderOptions Options { get; init; }

    public required ParsedDockerfile Dockerfile { get; init; }

    public required DockerfileEvaluator Evaluator { get; init; }

    public required DockerignoreMatcher Ignore { get; init; }

    public required Platform Platform { get; init; }

    public required BlobCache Blobs { get; init; }

    public required LayerDirectories LayerDirectories { get; init; }

    public required BuildCache Cache { get; init; }

    /// <summary>The <c>--cache-from</c> entries, asked when <see cref="Cache"/> lacks a key.</summary>
    public required ImportedCache ImportedCache { get; init; }

    /// <summary>Every cache entry this build used or made, by stage: what <c>--cache-to</c> exports.</summary>
    public CacheUse CacheUse { get; } = new();

    public required LayerListings Listings { get; init; }

    public required IBuildLog Log { get; init; }

    public required string Scratch { get; init; }

    public required bool UseOverlay { get; init; }

    /// <summary>Seconds since 1970 that stand for "now" in a reproducible build; null when not reproducible.</summary>
    public required long? Epoch { get; init; }

    public Dictionary<int, ImageState> Stages { get; } = [];

    /// <summary>The platform each stage built so far is for: a stage built FROM another takes that one's.</summary>
    public Dictionary<int, Platform> StagePlatforms { get; } = [];

    /// <summary>The instruction that made each layer of this build (written or taken from the cache), by diffID: the
    /// summary and the layering advice name steps with it.</summary>
    public Dictionary<Digest, (int Line, string Instruction)> LayerSteps { get; } = [];

    public string ContextDirectory => Request.ContextDirectory;

    /// <summary>The time written as <c>created</c> in the config and history: the epoch, or now.</summary>
    public string Timestamp => (Epoch is { } epoch ? DateTimeOffset.FromUnixTimeSeconds(epoch) : DateTimeOffset.UtcNow)
        .UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>A new runc container id, unique on the machine.</summary>
    public string NextContainerId() => $"wharf-{_id}-{Interlocked.Increment(ref _containers)}";

    public IStageRootfs CreateRootfs(int stageIndex) => CreateRootfs($"stage-{stageIndex}");

    /// <summary>A root filesystem in the scratch directory <paramref name="name"/> (a stage's, or the test's).</summary>
    public IStageRootfs CreateRootfs(string name)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Scratch, name)).FullName;
        return UseOverlay ? new OverlayRootfs(LayerDirectories, directory) : new CopiedRootfs(Blobs, directory);
    }

    /// <summary>Writes a step's changes as a layer into the blob cache; null when the step changed nothing.</summary>
    public async Task<(ImageLayer Layer, WrittenLayer Written)?> WriteLayerAsync(StepChanges changes, CancellationToken ct)
    {
        if (changes.Entries.Count == 0)
        {
            return null;
        }

        return await StoreLayerAsync(output => LayerWriter.WriteAsync(changes.SourceRoot, changes.Entries, WriterOptions, output, ct));
    }

    /// <summary>A cached layer as this build writes it: its times moved from the epoch <paramref name="epoch"/> it was
    /// written at to this build's (<see cref="LayerRedating"/>), compressed as this build asks. Null when the layer is
    /// not in the writer's own form (the step is then run).</summary>
    public async Task<ImageLayer?> ReencodeLayerAsync(ImageLayer layer, long? epoch, CancellationToken ct)
    {
        var from = epoch ?? 0;
        var to = Epoch ?? from;
        try
        {
            var (reencoded, _) = await StoreLayerAsync(async output =>
            {
                await using var blob = Blobs.Open(layer.Blob.Digest);
                await using var tar = await LayerDecompression.OpenAsync(blob, ct);
                return await LayerWriter.EncodeAsync(WriterOptions, output, async destination =>
                {
                    await LayerRedating.CopyAsync(tar, destination, from, to, ct);
                    return [];
                }, ct);
            });
            return reencoded;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            Log.Line($"warning: cached layer {layer.Blob.Digest} cannot be re-dated ({e.Message}); running the step");
            return null;
        }
    }

    private LayerWriterOptions WriterOptions => new(Request.Compression, Epoch);

    private async Task<(ImageLayer Layer, WrittenLayer Written)> StoreLayerAsync(Func<Stream, Task<WrittenLayer>> write)
    {
        var temporary = Blobs.TemporaryPath();
        try
        {
            WrittenLayer written;
            await using (var output = File.Create(temporary))
            {
                written = await write(output);
            }

            Blobs.Commit(temporary, written.Digest);
            var blob = new Descriptor { MediaType = written.MediaType, Digest = written.Digest, Size = written.Size };
            return (new ImageLayer(blob, written.DiffId), written);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>"Dockerfile:12: RUN: message", the one line every build failure is.</summary>
    public BuildFailedException Failure(Instruction instruction, string message, Exception? inner = null) =>
        inner is null
            ? new BuildFailedException($"{Dockerfile.File}:{instruction.Line}: {instruction.Keyword}: {message}")
            : new BuildFailedException($"{Dockerfile.File}:{instruction.Line}: {instruction.Keyword}: {message}", inner);
}
