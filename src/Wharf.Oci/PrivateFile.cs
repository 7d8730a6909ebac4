namespace Wharf.Oci;

/// <summary>Files only their owner may read — keys, secrets, credentials — created with mode 0600 from the start, so
/// they are never readable by others, not even between their creation and a chmod.</summary>
public static class PrivateFile
{
    /// <summary>Options that create a new file (failing if one is there) of mode 0600, open for writing.</summary>
    public static FileStreamOptions CreateNew()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }

    /// <summary>Creates <paramref name="path"/> (which must not exist) with mode 0600 and writes <paramref name="content"/>.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        using var file = new FileStream(path, CreateNew());
        file.Write(content);
    }
}
