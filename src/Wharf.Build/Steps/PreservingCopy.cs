using Wharf.Build.Native;

namespace Wharf.Build.Steps;

/// <summary>Copies a file or a directory tree on this machine as it is: contents, owners, modes, times and links, the
/// top directory's own too. What a writable bind shows and what a cache mount starts from are such copies of a
/// stage's, an image's or the context's files.</summary>
internal static class PreservingCopy
{
    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/>, which must not exist.</summary>
    public static void Copy(string source, string destination)
    {
        if (!Directory.Exists(source) || new DirectoryInfo(source).LinkTarget is not null)
        {
            var parent = Directory.CreateDirectory(Path.GetDirectoryName(destination)!).FullName;
            var name = Path.GetFileName(destination);
            FileCopier.Copy(new CopySource(source, name, false), parent, "/" + name, CopyOwnership.Preserve, _ => false);
            return;
        }

        Directory.CreateDirectory(destination);
        FileCopier.Copy(new CopySource(source, "", true), destination, "/", CopyOwnership.Preserve, _ => false);
        var status = LinuxFiles.Lstat(source);
        LinuxFiles.Lchown(destination, status.Uid, status.Gid);
        LinuxFiles.Chmod(destination, status.Mode);
        LinuxFiles.SetTimes(destination, status.MtimeSeconds, status.MtimeNanoseconds);
    }
}
