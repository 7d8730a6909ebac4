using System.Text.Json;
using Wharf.Build.Cache;
using Wharf.Build.Context;
using Wharf.Build.Dockerfile;
using Wharf.Build.Execution;
using Wharf.Build.Images;
using Wharf.Build.Rootfs;
using Wharf.Build.Steps;
using Wharf.Build.Store;
using Wharf.Oci;
using Wharf.Oci.Images;

namespace Wharf.Build;

/// <summary>The daemonless builder: parses and evaluates the Dockerfile, builds the stages the target needs in order
/// (<see cref="StageBuilder"/>), and writes the image's config and OCI manifest into its local store. Where a build
/// runs: <see cref="StageBuilder"/> dispatches each instruction to a step under Steps/; RUN goes to runc
/// (Execution/), files land in a root filesystem (Rootfs/), layers are written by Layers/.</summary>
public sealed class ImageBuilder(BuilderOptions options) : IImageBuilder
{
    public async Task<BuildResult> BuildAsync(BuildRequest request, IBuildLog log, CancellationToken ct)
    {
        var effective = OptionsFor(request);
        var context = Path.GetFullPath(request.ContextDirectory);
        if (!Directory.Exists(context))
        {
            throw new BuildFailedException($"the build context {request.ContextDirectory} is not a directory");
        }

        var dockerfilePath = Path.Combine(context, request.DockerfilePath);
        if (!File.Exists(dockerfilePath))
        {
            throw new BuildFailedException($"no Dockerfile at {request.DockerfilePath}");
        }

        var dockerfile = await DockerfileParser.ParseFileAsync(dockerfilePath, request.DockerfilePath, ct);
        var platform = request.Platform ?? PlatformMatcher.Host;
        var evaluator = new DockerfileEvaluator(dockerfile, new BuildInputs(request.BuildArgs, PlatformMatcher.Host, platform));
        var stages = new StageGraph(dockerfile, evaluator).StagesFor(request.Target);

        if (BuildEntitlementNames.Of(request.Entitlements & ~options.AllowedEntitlements).FirstOrDefault() is { } refused)
        {
            throw new BuildFailedException($"granting entitlement {refused} is not allowed by this builder");
        }

        if (request.CacheTo.Count > 0 && effective.CacheStore is null)
        {
            throw new BuildFailedException("--cache-to: this builder reaches no registry cache");
        }

        // Held until the caller has read the image (its source is disposed): a prune never removes what this build uses.
        var lease = await StateLock.ForBuildAsync(options.StateDirectory, log, ct);
        var blobs = new BlobCache(Path.Combine(options.StateDirectory, "blobs"));
        var scratch = Directory.CreateDirectory(Path.Combine(options.StateDirectory, "builds", Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            await using var keyAgents = await SshKeyAgents.StartAsync(request.SshKeys, scratch, ct);
            await using var imported = request.NoCache
                ? ImportedCache.None(blobs, log)
                : await ImportedCache.LoadAsync(request.CacheFrom, effective.CacheStore, blobs, options.ConfirmCachedBlobs, log, ct);
            var session = new BuildSession
            {
                Request = request with { ContextDirectory = context, SshAgents = keyAgents.Over(request.SshAgents) },
                Options = effective,
                Dockerfile = dockerfile,
                Evaluator = evaluator,
                Ignore = await DockerignoreFile.LoadAsync(context, dockerfilePath, ct),
                Platform = platform,
                Blobs = blobs,
                LayerDirectories = new LayerDirectories(Path.Combine(options.StateDirectory, "layers"), blobs),
                Cache = new BuildCache(Path.Combine(options.StateDirectory, "cache"), blobs, request.CacheScope),
                ImportedCache = imported,
                Listings = new LayerListings(Path.Combine(options.StateDirectory, "listings"), blobs),
                Log = log,
                Scratch = scratch,
                UseOverlay = options.UseOverlay ?? OverlaySupport.IsAvailable(options.StateDirectory),
                Epoch = request.Reproducible ? request.SourceDateEpoch ?? await DefaultEpochAsync(context, ct) : null,
            };
            var images = new BaseImageResolver(request.BaseImages ?? options.BaseImages, blobs, options.ConfirmCachedBlobs,
                new BaseImageRecords(Path.Combine(options.StateDirectory, "bases")));
            await using var sources = new SourceFilesystems(session, images);
            var builder = new StageBuilder(session, images, sources);
            foreach (var stage in stages)
            {
                session.Stages[stage.Index] = await builder.BuildAsync(stage, ct);
            }

            var final = session.Stages[stages[^1].Index];
            if (request.Test is { } test)
            {
                await TestStep.RunAsync(test, final, session.StagePlatforms[stages[^1].Index], session, ct);
            }

            var advice = await LayeringAdvice.ReportAsync(final, session, ct);
            var result = await WriteImageAsync(final, session, blobs, lease, ct) with { Advice = advice };
            await ExportCacheAsync(session, stages[^1].Index, ct);
            return result;
        }
        catch
        {
            lease.Dispose();
            throw;
        }
        finally
        {
            DeleteScratch(scratch);
        }
    }

    /// <summary>The builder's options as this build uses them: its own cache store, and a memory limit that can only be
    /// lower than the builder's (a server's <c>Builds:StepMemoryLimit</c> is a ceiling no submitter lifts).</summary>
    private BuilderOptions OptionsFor(BuildRequest request) => options with
    {
        CacheStore = request.CacheStore ?? options.CacheStore,
        MemoryLimitBytes = (options.MemoryLimitBytes, request.MemoryLimitBytes) switch
        {
            ({ } builder, { } asked) => Math.Min(builder, asked),
            (var builder, var asked) => builder ?? asked,
        },
    };

    private Task<long> DefaultEpochAsync(string context, CancellationToken ct) =>
        options.EpochFromContextGit ? SourceDateEpoch.OfContextAsync(context, ct) : Task.FromResult(0L);

    private static async Task<BuildResult> WriteImageAsync(ImageState image, BuildSession session, BlobCache blobs, StateLease lease, CancellationToken ct)
    {
        var config = image.Config with { Created = session.Timestamp };
        var configBytes = JsonSerializer.SerializeToUtf8Bytes(config, BuildJson.Default.ImageConfig);
        var configDigest = await blobs.PutAsync(configBytes, ct);
        var manifest = new ImageManifest(2, MediaTypes.OciManifest,
            new Descriptor { MediaType = MediaTypes.OciConfig, Digest = configDigest, Size = configBytes.Length },
            [.. image.Layers.Select(l => l.Blob)]);
        var content = new ManifestContent(JsonSerializer.SerializeToUtf8Bytes(manifest, BuildJson.Default.ImageManifest), MediaTypes.OciManifest);
        session.Log.Line($"built {content.Digest} ({image.Layers.Count} layers)");
        var reference = ImageReference.Parse($"oci:{session.Options.StateDirectory}:{content.Digest.Hex}");
        return new BuildResult(content, configDigest, new StoredImageSource(reference, content, blobs, lease));
    }

    /// <summary>Pushes the cache entries each <c>--cache-to</c> asks for. A failure fails the build (as buildx does: the
    /// user asked for the cache), unless that export says <c>ignore-error=true</c>.</summary>
    private static async Task ExportCacheAsync(BuildSession session, int finalStage, CancellationToken ct)
    {
        foreach (var target in session.Request.CacheTo)
        {
            try
            {
                await CacheExporter.ExportAsync(target, session.CacheUse.Select(target.Mode, finalStage), session.Options.CacheStore!, session.Blobs, session.Log, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var message = $"--cache-to {target.Reference}: {e.Message.ReplaceLineEndings(" ").Trim()}";
                if (!target.IgnoreError)
                {
                    throw new BuildFailedException(message, e);
                }

                session.Log.Line($"warning: {message}");
            }
        }
    }

    /// <summary>Removes a build's scratch directory. What a crash (or a mount still busy) leaves is removed by the next
    /// prune of the state (<see cref="State.BuilderState"/>), which detaches mounts first.</summary>
    private static void DeleteScratch(string scratch)
    {
        try
        {
            Directory.Delete(scratch, recursive: true);
        }
        catch (IOException)
        {
            // Something is still mounted or busy: leave it to the next prune rather than fail the build.
        }
    }
}
