namespace Wharf.Oci.Layout;

/// <summary>The files under a directory (an OCI image layout on disk).</summary>
internal sealed class DirectoryFileTree(string root) : FileTree
{
    public string Root { get; } = root;

    public override long? FindLength(string path)
    {
        var file = new FileInfo(FullPath(path));
        return file.Exists ? file.Length : null;
    }

    public override Stream? TryOpenRead(string path, long offset)
    {
        try
        {
            // Unbuffered: every caller reads in 64 KiB blocks or reads a small file whole.
            var stream = new FileStream(FullPath(path), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            stream.Position = offset;
            return stream;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public override string Describe(string path) => FullPath(path);

    public string FullPath(string path) => Path.Combine(Root, path.Replace('/', Path.DirectorySeparatorChar));
}
