using System.Security.Cryptography;
using System.Text;
using Wharf.Build.Native;
using Wharf.Build.Store;

namespace Wharf.Build.Steps;

/// <summary>A cache mount's directory, <c>&lt;state&gt;/cache-mounts/&lt;hash&gt;</c>, kept between builds. Its name
/// is the hash of the mount's id (default its target) and, with <c>from=</c>, of the stage or image path it starts
/// from: as BuildKit keys a cache by id and source, a changed source starts a new cache rather than leaving the old
/// one in place. Made once: empty, or a copy of the source with its owners and modes; then moded and owned as the
/// mount's mode, uid and gid ask (an empty one: 0755 root). Builds of another <see cref="BuildRequest.CacheScope"/> never
/// see it: the scope is part of the name.</summary>
internal static class CacheMountDirectory
{
    public static string Ensure(BuildSession session, PlannedMount planned)
    {
        var mount = planned.Mount;
        var key = (mount.Id ?? planned.Target) + (planned.SourceIdentity is { } identity ? ":" + identity : "")
            + (session.Request.CacheScope is { } scope ? "\0scope=" + scope : "");
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
        var path = Path.Combine(session.Options.StateDirectory, "cache-mounts", name);
        if (Directory.Exists(path))
        {
            LastUse.Touch(path); // a prune removes the least recently used first
            return path;
        }

        // Made aside and renamed into place, so another build on this machine never mounts one half filled.
        var making = $"{path}.making-{Guid.NewGuid():N}";
        try
        {
            if (planned.Source is { } source)
            {
                PreservingCopy.Copy(source, making);
            }
            else
            {
                Directory.CreateDirectory(making);
                LinuxFiles.Chmod(making, 0b111_101_101);
            }

            if (mount.Mode is { } mode)
            {
                LinuxFiles.Chmod(making, mode);
            }

            if (mount.Uid is not null || mount.Gid is not null)
            {
                var status = LinuxFiles.Lstat(making);
                LinuxFiles.Lchown(making, mount.Uid ?? status.Uid, mount.Gid ?? status.Gid);
            }

            Directory.Move(making, path);
        }
        catch (IOException) when (Directory.Exists(path))
        {
            // Another build made it first: use that one.
        }
        finally
        {
            if (Directory.Exists(making))
            {
                Directory.Delete(making, recursive: true);
            }
        }

        return path;
    }
}
