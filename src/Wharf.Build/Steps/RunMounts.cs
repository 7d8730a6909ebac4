using System.Globalization;
using Wharf.Build.Context;
using Wharf.Build.Dockerfile.Instructions;
using Wharf.Build.Execution;
using Wharf.Build.Rootfs;

namespace Wharf.Build.Steps;

/// <summary>Turns a RUN's <c>--mount</c> flags into runtime mounts: a cache directory kept by the builder between
/// builds (by id, default the target), a tmpfs, a read-only bind of a context path, or a secret file. None of them
/// reaches the layer: their mount points are created outside the step's changes (<see cref="MountPoint"/>).</summary>
internal static class RunMounts
{
    public static (IReadOnlyList<RuntimeMount> Mounts, IReadOnlyList<MountPoint> MountPoints) Prepare(RunInstruction run, BuildSession session, string workingDirectory)
    {
        var mounts = new List<RuntimeMount>();
        var points = new List<MountPoint>();
        foreach (var mount in run.Mounts)
        {
            var target = mount.Target is { } t ? Absolute(t, workingDirectory) : null;
            switch (mount.Type)
            {
                case RunMountType.Cache:
                    target ??= Missing(run, session, "a cache mount needs a target");
                    var cache = CacheDirectory(session, mount.Id ?? target, mount);
                    mounts.Add(new RuntimeMount(target, "bind", cache, ["rbind", mount.ReadOnly ? "ro" : "rw"]));
                    points.Add(new MountPoint(target, false));
                    break;
                case RunMountType.Tmpfs:
                    target ??= Missing(run, session, "a tmpfs mount needs a target");
                    var size = mount.SizeLimit is { } limit ? [$"size={limit.ToString(CultureInfo.InvariantCulture)}"] : Array.Empty<string>();
                    mounts.Add(new RuntimeMount(target, "tmpfs", "tmpfs", ["nosuid", "nodev", "mode=1777", .. size]));
                    points.Add(new MountPoint(target, false));
                    break;
                case RunMountType.Bind:
                    target ??= Missing(run, session, "a bind mount needs a target");
                    if (mount.From is not null)
                    {
                        throw session.Failure(run, "bind mounts from another stage or image are not supported yet; COPY --from the files instead");
                    }

                    var source = RootPath.Resolve(session.ContextDirectory, ContextPath.Clean("/" + (mount.Source ?? ".")));
                    if (!Path.Exists(source))
                    {
                        throw session.Failure(run, $"the bind mount's source {mount.Source ?? "."} is not in the build context");
                    }

                    mounts.Add(new RuntimeMount(target, "bind", source, ["rbind", "ro"]));
                    points.Add(new MountPoint(target, File.Exists(source)));
                    break;
                case RunMountType.Secret:
                    var id = mount.Id ?? (mount.Target is { } named ? Path.GetFileName(named) : null)
                        ?? throw session.Failure(run, "a secret mount needs an id or a target");
                    if (!session.Request.Secrets.TryGetValue(id, out var file))
                    {
                        if (mount.Required)
                        {
                            throw session.Failure(run, $"secret {id} is required but was not given (--secret id={id},src=FILE)");
                        }

                        continue;
                    }

                    target ??= $"/run/secrets/{id}";
                    mounts.Add(new RuntimeMount(target, "bind", Path.GetFullPath(file), ["rbind", "ro"]));
                    points.Add(new MountPoint(target, true));
                    break;
                default:
                    throw session.Failure(run, $"--mount=type={mount.Type.ToString().ToLowerInvariant()} is not supported");
            }
        }

        return (mounts, points);
    }

    /// <summary>What a RUN reads through its bind mounts of the context, for its cache key: the content hash of each
    /// source (as COPY's), so that a changed file under a bound path reruns the step here and never hits another
    /// machine's entry made from other files. Call after <see cref="Prepare"/>, which checks the sources exist.</summary>
    public static IEnumerable<string> BoundContent(RunInstruction run, BuildSession session)
    {
        foreach (var mount in run.Mounts.Where(m => m.Type == RunMountType.Bind && m.From is null))
        {
            var relative = ContextPath.Clean("/" + (mount.Source ?? ".")).TrimStart('/');
            var source = RootPath.Resolve(session.ContextDirectory, relative);
            // Everything is hashed: the bind shows the directory as it is, .dockerignore'd files included.
            yield return $"bind {relative}={Cache.SourceHasher.Hash([new CopySource(source, relative, Directory.Exists(source))], _ => false, session.Epoch)}";
        }
    }

    private static string Missing(RunInstruction run, BuildSession session, string message) => throw session.Failure(run, message);

    private static string Absolute(string target, string workingDirectory) =>
        ContextPath.Clean(target.StartsWith('/') ? target : $"{workingDirectory}/{target}");

    /// <summary>A cache mount's directory, <c>&lt;state&gt;/cache-mounts/&lt;id&gt;</c>: kept between builds, owned and
    /// moded as the mount asks when first made.</summary>
    private static string CacheDirectory(BuildSession session, string id, RunMount mount)
    {
        var name = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)))[..32];
        var path = Path.Combine(session.Options.StateDirectory, "cache-mounts", name);
        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path);
            File.SetUnixFileMode(path, (UnixFileMode)(mount.Mode ?? 0b111_101_101));
            Native.LinuxFiles.Lchown(path, mount.Uid ?? 0, mount.Gid ?? 0);
        }

        return path;
    }
}
