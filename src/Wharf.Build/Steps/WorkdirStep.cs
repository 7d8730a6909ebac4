using Wharf.Build.Cache;
using Wharf.Build.Dockerfile.Instructions;
using Wharf.Build.Images;
using Wharf.Build.Rootfs;

namespace Wharf.Build.Steps;

/// <summary>WORKDIR: the working directory for what follows, relative to the previous one, created (root-owned,
/// mode 755, as docker's legacy builder does) when the image lacks it — which makes a layer only then.</summary>
internal static class WorkdirStep
{
    public static async Task<ImageState> ApplyAsync(WorkdirInstruction workdir, ImageState state, IStageRootfs rootfs, BuildSession session, CancellationToken ct)
    {
        var path = MetadataSteps.WorkingDirectory(workdir.Path, state.Config.Config);
        var history = new HistoryEntry { Created = session.Timestamp, CreatedBy = $"WORKDIR {path}" };
        var next = await LayerStep.RunAsync(state, rootfs, session, [], root =>
        {
            FileCopier.EnsureDirectory(root, path, CopyOwnership.Root);
            return Task.CompletedTask;
        }, history, CacheKey.For(state, $"WORKDIR {path}"), ct);
        return next with { Config = next.Config with { Config = next.Config.Config with { WorkingDir = path } } };
    }
}
