using System.Globalization;
using Wharf.Build.Dockerfile.Instructions;
using Wharf.Build.Execution;
using Wharf.Build.Native;

namespace Wharf.Build.Steps;

/// <summary>A RUN's mounts made ready for runc while its step runs: cache directories (made, or filled from their
/// stage or image the first time), a throwaway writable stand-in for each <c>rw</c> bind, a copy without the excluded
/// files for a bind of a context directory that <c>.dockerignore</c> filters, a forwarding socket for each
/// ssh agent (<see cref="SshAgentProxy"/>), tmpfs and secret mounts as they are. Disposing unmounts and removes the stand-ins, so what a step wrote through a writable bind is gone
/// (the reference: "written data will be discarded").</summary>
internal sealed class OpenedRunMounts : IDisposable
{
    private readonly List<SshAgentProxy> _agents = [];
    private readonly List<string> _overlays = [];
    private readonly List<string> _scratch = [];
    private readonly List<RuntimeMount> _mounts = [];

    public IReadOnlyList<RuntimeMount> Mounts => _mounts;

    public static OpenedRunMounts Open(RunMountPlan plan, BuildSession session)
    {
        var opened = new OpenedRunMounts();
        try
        {
            foreach (var planned in plan.Mounts)
            {
                opened._mounts.Add(opened.Ready(planned, session));
            }

            return opened;
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var agent in _agents)
        {
            agent.Dispose();
        }

        _agents.Clear();
        foreach (var overlay in _overlays)
        {
            LinuxMounts.Unmount(overlay);
        }

        _overlays.Clear();
        foreach (var directory in _scratch.Where(Directory.Exists))
        {
            Directory.Delete(directory, recursive: true);
        }

        _scratch.Clear();
    }

    private RuntimeMount Ready(PlannedMount planned, BuildSession session)
    {
        var mount = planned.Mount;
        var access = mount.ReadOnly ? "ro" : "rw";
        switch (mount.Type)
        {
            case RunMountType.Cache:
                return new RuntimeMount(planned.Target, "bind", CacheMountDirectory.Ensure(session, planned), ["rbind", access]);
            case RunMountType.Tmpfs:
                var size = mount.SizeLimit is { } limit ? [$"size={limit.ToString(CultureInfo.InvariantCulture)}"] : Array.Empty<string>();
                return new RuntimeMount(planned.Target, "tmpfs", "tmpfs", ["nosuid", "nodev", "mode=1777", .. size]);
            case RunMountType.Bind:
                var source = planned.Source ?? throw new InvalidOperationException("a planned bind has a source");
                if (planned.Filter is { } filter)
                {
                    // The filtered copy is the step's own: a writable bind may write to it, and it goes with the step.
                    return new RuntimeMount(planned.Target, "bind", FilteredCopy(source, filter, session), ["rbind", access]);
                }

                return new RuntimeMount(planned.Target, "bind", mount.ReadOnly ? source : WritableStandIn(source, session), ["rbind", access]);
            case RunMountType.Ssh:
                var proxy = SshAgentProxy.Start(
                    planned.Source ?? throw new InvalidOperationException("a planned ssh mount has an agent"), mount.Uid ?? 0, mount.Gid ?? 0, mount.Mode ?? 0b110_000_000);
                _agents.Add(proxy);
                return new RuntimeMount(planned.Target, "bind", proxy.Path, ["rbind"]);
            default:
                return new RuntimeMount(planned.Target, "bind", planned.Source ?? throw new InvalidOperationException("a planned secret has a file"), ["rbind", "ro"]);
        }
    }

    /// <summary>A copy of a context directory without what <c>.dockerignore</c> excludes (<see cref="FilteredContext"/>).</summary>
    private string FilteredCopy(string source, FilteredContext filter, BuildSession session)
    {
        var directory = Directory.CreateDirectory(Path.Combine(session.Scratch, "context-binds", Guid.NewGuid().ToString("N"))).FullName;
        _scratch.Add(directory);
        var copy = Path.Combine(directory, "copy");
        filter.CopyTo(source, copy);
        return copy;
    }

    /// <summary>A writable view of <paramref name="source"/> that leaves it untouched: an overlay with the source as
    /// its only lower where overlayfs works (nothing is copied), else a copy.</summary>
    private string WritableStandIn(string source, BuildSession session)
    {
        var directory = Directory.CreateDirectory(Path.Combine(session.Scratch, "rw-mounts", Guid.NewGuid().ToString("N"))).FullName;
        _scratch.Add(directory);
        // A ':' or ',' in the path cannot be said in overlayfs's options; a source too deep in stacked overlays is refused.
        if (session.UseOverlay && Directory.Exists(source) && source.IndexOfAny([':', ',']) < 0)
        {
            var merged = Directory.CreateDirectory(Path.Combine(directory, "merged")).FullName;
            var upper = Directory.CreateDirectory(Path.Combine(directory, "upper")).FullName;
            var work = Directory.CreateDirectory(Path.Combine(directory, "work")).FullName;
            // The merged root shows the upper's own owner, mode and time: make them the source's.
            var status = LinuxFiles.Lstat(source);
            LinuxFiles.Lchown(upper, status.Uid, status.Gid);
            LinuxFiles.Chmod(upper, status.Mode);
            LinuxFiles.SetTimes(upper, status.MtimeSeconds, status.MtimeNanoseconds);
            try
            {
                LinuxMounts.MountOverlay(merged, $"lowerdir={source},upperdir={upper},workdir={work}");
                _overlays.Add(merged);
                return merged;
            }
            catch (IOException)
            {
                Directory.Delete(merged);
            }
        }

        var copy = Path.Combine(directory, "copy");
        PreservingCopy.Copy(source, copy);
        return copy;
    }
}
