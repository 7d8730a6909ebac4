using Wharf.Build.Native;
using Wharf.Build.Rootfs;

namespace Wharf.Build.Steps;

/// <summary>Copies a source file or tree into an image's root filesystem for COPY and ADD: contents, mode and
/// modification time kept, owner set to the step's (<c>--chown</c> or root), symbolic links copied as links, missing
/// parent directories created (mode 755, the same owner). Every destination path is resolved inside the root, so a
/// link in the image cannot send a write outside it; an existing file in the way is replaced.</summary>
internal static class FileCopier
{
    private const UnixFileMode DirectoryMode = (UnixFileMode)0b111_101_101;

    /// <summary>Copies <paramref name="source"/> to the container path <paramref name="destination"/>: a directory's
    /// contents into that directory, a file as that file. <paramref name="excluded"/> is asked with each path below
    /// the source (relative to the source's root, as <see cref="CopySource.RelativePath"/>).</summary>
    /// <param name="enterExcluded">Asked of an excluded directory: whether to walk it anyway, because something below
    /// it may be included again (a <c>.dockerignore</c> exception); what is copied from it gets its parents made as
    /// missing parents are (755, the step's owner), as docker makes them when it unpacks such a context.</param>
    public static void Copy(CopySource source, string root, string destination, CopyOwnership owner, Func<string, bool> excluded, Func<string, bool>? enterExcluded = null)
    {
        EnsureDirectory(root, Parent(destination), owner);
        if (source.IsDirectory)
        {
            // The directory's contents are copied, not the directory: a destination that is missing is made as any
            // parent is (755, the step's owner), whatever the source directory's mode (docker's legacy builder).
            var target = RootPath.Resolve(root, destination);
            var created = !Directory.Exists(target);
            if (created)
            {
                Replace(target);
                Directory.CreateDirectory(target, DirectoryMode);
                LinuxFiles.Lchown(target, owner.Uid ?? 0, owner.Gid ?? 0);
            }

            CopyChildren(source.HostPath, source.RelativePath, root, destination, owner, excluded, enterExcluded ?? (_ => false), false);
            if (created)
            {
                CopyTime(source.HostPath, target);
            }
        }
        else
        {
            // A file's destination is resolved whole, its last component too: a COPY onto a symbolic link writes the
            // file the link names and the link stays (docker's legacy builder follows the destination inside the root).
            var resolved = "/" + Path.GetRelativePath(root, RootPath.Resolve(root, destination)).Replace('\\', '/');
            if (resolved != destination)
            {
                EnsureDirectory(root, Parent(resolved), owner);
            }

            CopyEntry(source.HostPath, root, resolved, owner);
        }
    }

    private static void CopyChildren(
        string hostDirectory, string relative, string root, string destination, CopyOwnership owner,
        Func<string, bool> excluded, Func<string, bool> enterExcluded, bool insideExcluded)
    {
        foreach (var child in Directory.EnumerateFileSystemEntries(hostDirectory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(child);
            var childRelative = relative.Length == 0 ? name : $"{relative}/{name}";
            var childDestination = $"{destination.TrimEnd('/')}/{name}";
            var isDirectory = Directory.Exists(child) && new DirectoryInfo(child).LinkTarget is null;
            if (excluded(childRelative))
            {
                if (isDirectory && enterExcluded(childRelative))
                {
                    CopyChildren(child, childRelative, root, childDestination, owner, excluded, enterExcluded, true);
                }

                continue;
            }

            if (insideExcluded)
            {
                EnsureDirectory(root, destination, owner);
            }

            CopyEntry(child, root, childDestination, owner);
            if (isDirectory)
            {
                CopyChildren(child, childRelative, root, childDestination, owner, excluded, enterExcluded, false);
                // Copying the contents in moved the directory's time; it is the source's.
                CopyTime(child, RootPath.Resolve(root, childDestination));
            }
        }
    }

    /// <summary>Copies one object (not a directory's contents) to the container path.</summary>
    private static void CopyEntry(string hostPath, string root, string destination, CopyOwnership owner)
    {
        var target = Path.Combine(RootPath.Resolve(root, Parent(destination)), Path.GetFileName(destination.TrimEnd('/')));
        var info = new FileInfo(hostPath);
        if (info.LinkTarget is { } link)
        {
            Replace(target);
            File.CreateSymbolicLink(target, link);
            var status = LinuxFiles.Lstat(hostPath);
            LinuxFiles.Lchown(target, owner.Uid ?? status.Uid, owner.Gid ?? status.Gid);
            LinuxFiles.SetTimes(target, status.MtimeSeconds, status.MtimeNanoseconds);
            return;
        }

        if (Directory.Exists(hostPath))
        {
            if (!Directory.Exists(target) || new DirectoryInfo(target).LinkTarget is not null)
            {
                Replace(target);
                Directory.CreateDirectory(target);
            }

            ApplyMetadata(hostPath, target, owner);
            return;
        }

        if (LinuxFiles.Lstat(hostPath).Kind != UnixFileKind.Regular)
        {
            return; // a socket, fifo or device file in a context is not content (docker skips sockets too)
        }

        Replace(target);
        File.Copy(hostPath, target);
        ApplyMetadata(hostPath, target, owner);
    }

    /// <summary>Owner, mode and time. A COPY's owner is set after the source's mode, as docker's legacy builder does
    /// (it extracts, then chowns the tree to the step's owner), so the kernel drops setuid, and setgid on a
    /// group-executable file, as chown(2) does; an archive's own owners (<see cref="CopyOwnership.Preserve"/>) are set
    /// before its modes, which keeps them. A <c>--chmod</c> mode comes last and is kept whole.</summary>
    private static void ApplyMetadata(string hostPath, string target, CopyOwnership owner)
    {
        var status = LinuxFiles.Lstat(hostPath);
        if (owner.Uid is null && owner.Gid is null)
        {
            LinuxFiles.Lchown(target, status.Uid, status.Gid);
            LinuxFiles.Chmod(target, status.Mode);
        }
        else
        {
            LinuxFiles.Chmod(target, status.Mode);
            LinuxFiles.Lchown(target, owner.Uid ?? status.Uid, owner.Gid ?? status.Gid);
        }

        if (owner.Mode is { } mode)
        {
            LinuxFiles.Chmod(target, (uint)mode);
        }

        LinuxFiles.SetTimes(target, status.MtimeSeconds, status.MtimeNanoseconds);
    }

    private static void CopyTime(string hostPath, string target)
    {
        var status = LinuxFiles.Lstat(hostPath);
        LinuxFiles.SetTimes(target, status.MtimeSeconds, status.MtimeNanoseconds);
    }

    /// <summary>Creates the container directory <paramref name="directory"/> and its missing parents.</summary>
    public static void EnsureDirectory(string root, string directory, CopyOwnership owner)
    {
        var path = "";
        foreach (var part in directory.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            path += "/" + part;
            var target = RootPath.Resolve(root, path);
            if (Directory.Exists(target))
            {
                continue;
            }

            Replace(target);
            Directory.CreateDirectory(target, DirectoryMode);
            LinuxFiles.Lchown(target, owner.Uid ?? 0, owner.Gid ?? 0);
        }
    }

    /// <summary>Removes whatever is at <paramref name="target"/> (file, link or directory) so something else can be put there.</summary>
    private static void Replace(string target)
    {
        var info = new FileInfo(target);
        if (info.LinkTarget is not null || File.Exists(target))
        {
            File.Delete(target);
        }
        else if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }
    }

    private static string Parent(string containerPath)
    {
        var trimmed = containerPath.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        return slash <= 0 ? "/" : trimmed[..slash];
    }
}
