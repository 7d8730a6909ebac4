using Wharf.Build.Rootfs;

namespace Wharf.Build.Steps;

/// <summary>A RUN's mounts as <see cref="RunMounts.PlanAsync"/> resolved them: each mount, the mount points the image
/// may lack, what the build cache must know of them, and the <c>SSH_AUTH_SOCK</c> the step gets (the first ssh
/// mount's target, as BuildKit sets it; null without one). Nothing is made on disk until
/// <see cref="OpenedRunMounts"/> opens the plan for a step that really runs.</summary>
internal sealed record RunMountPlan(
    IReadOnlyList<PlannedMount> Mounts, IReadOnlyList<MountPoint> MountPoints, IReadOnlyList<string> CacheInputs, string? SshAuthSocket);
