namespace Wharf.Build.Layers;

/// <summary>Cleans a tar member name (or hard link target) to a path relative to the unpack root, as docker does
/// (filepath.Clean, then joined to the root): "." and empty parts go, ".." removes the part before it, a leading "/"
/// makes the name rooted so a ".." at the root stays there, and a ".." that would climb above a relative name's root
/// is refused. The result is "" for the root itself.</summary>
internal static class TarMemberPath
{
    public static string Clean(string name, string entryName)
    {
        var rooted = name.StartsWith('/');
        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    throw new InvalidDataException($"layer entry '{entryName}' escapes the unpack directory ('{name}')");
                }

                continue;
            }

            parts.Add(part);
        }

        return string.Join('/', parts);
    }

    /// <summary>The directory part of a cleaned path ("" at the top).</summary>
    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    public static string Combine(string directory, string name) => directory.Length == 0 ? name : directory + "/" + name;
}
