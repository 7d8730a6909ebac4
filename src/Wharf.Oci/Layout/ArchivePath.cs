using Wharf.Oci.Images;

namespace Wharf.Oci.Layout;

/// <summary>The file an archive reference names, checked before reading, and the scratch names an archive
/// destination uses next to it (same directory, so the final rename is atomic and the space used is where the
/// user asked for it, not in a possibly small /tmp).</summary>
internal static class ArchivePath
{
    /// <summary>The full path of an existing archive; <see cref="ImageNotFoundException"/> when it does not exist.</summary>
    public static string ForReading(ImageReference reference, string directoryHint)
    {
        var path = Path.GetFullPath(reference.Path!);
        if (Directory.Exists(path))
        {
            throw new InvalidDataException($"{reference}: {path} is a directory, not an archive ({directoryHint})");
        }

        return File.Exists(path) ? path : throw new ImageNotFoundException($"{reference}: there is no file {path}");
    }

    /// <summary>The full path of the archive to write; its directory is created when missing.</summary>
    public static string ForWriting(ImageReference reference)
    {
        var path = Path.GetFullPath(reference.Path!);
        if (Directory.Exists(path))
        {
            throw new IOException($"{reference}: {path} is a directory; an archive is written to a file");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>A hidden scratch name next to <paramref name="archive"/>, unique to one writer.</summary>
    public static string Scratch(string archive, string suffix) =>
        Path.Combine(Path.GetDirectoryName(archive)!, $".{Path.GetFileName(archive)}.{Guid.NewGuid():N}.{suffix}");
}
