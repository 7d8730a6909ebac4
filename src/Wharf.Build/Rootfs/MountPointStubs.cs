namespace Wharf.Build.Rootfs;

/// <summary>Creates the mount points an image lacks (an empty file or directory, root-owned, with any missing
/// parents) so runc does not create them inside the step's changes. The modification time of every existing parent
/// is put back, so a directory that only gained a mount point does not look changed.</summary>
internal static class MountPointStubs
{
    /// <summary>Creates what is missing under <paramref name="root"/>; returns the created paths (root-relative,
    /// without a leading slash), parents before children.</summary>
    public static IReadOnlyList<string> Create(string root, IEnumerable<MountPoint> mountPoints)
    {
        var created = new List<string>();
        foreach (var mountPoint in mountPoints)
        {
            var hostPath = RootPath.Resolve(root, mountPoint.Path);
            if (Path.Exists(hostPath))
            {
                continue;
            }

            var missing = new Stack<string>();
            for (var path = hostPath; !Path.Exists(path) && path.Length > root.Length; path = Path.GetDirectoryName(path)!)
            {
                missing.Push(path);
            }

            var parent = Path.GetDirectoryName(missing.Peek())!;
            var parentTime = Directory.GetLastWriteTimeUtc(parent);
            while (missing.TryPop(out var path))
            {
                if (missing.Count == 0 && mountPoint.IsFile)
                {
                    File.WriteAllBytes(path, []);
                }
                else
                {
                    Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
                }

                created.Add(Path.GetRelativePath(root, path).Replace('\\', '/'));
            }

            Directory.SetLastWriteTimeUtc(parent, parentTime);
        }

        return created;
    }

    /// <summary>Removes what <see cref="Create"/> made, children first, putting back the parents' times.</summary>
    public static void Remove(string root, IReadOnlyList<string> created)
    {
        foreach (var relative in created.Reverse())
        {
            var path = Path.Combine(root, relative);
            var parent = Path.GetDirectoryName(path)!;
            var parentTime = Directory.GetLastWriteTimeUtc(parent);
            if (Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null)
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }

            Directory.SetLastWriteTimeUtc(parent, parentTime);
        }
    }
}
