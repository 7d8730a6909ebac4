using System.Text;
using Wharf.Build.Filesystem;

namespace Wharf.Build.Layers;

/// <summary>The order a layer's members are written in: ordinal UTF-8 byte order of the member name (without a
/// directory's trailing slash), which also puts every parent before what it holds since a prefix sorts first. The
/// input's order never matters, so the same changes give the same bytes however a diff found them.</summary>
internal static class LayerEntryOrder
{
    public const string WhiteoutPrefix = ".wh.";
    public const string OpaqueMarker = ".wh..wh..opq";

    /// <summary>The entries checked (<see cref="ArgumentException"/> for a path that is not relative, clean and
    /// '/'-separated, or an object whose name a reader would take for a whiteout), without duplicates, in order.</summary>
    public static IReadOnlyList<LayerEntry> Sort(IReadOnlyList<LayerEntry> entries)
    {
        var keyed = new List<(byte[] Key, LayerEntry Entry)>(entries.Count);
        foreach (var entry in entries.Distinct())
        {
            Check(entry);
            keyed.Add((Encoding.UTF8.GetBytes(MemberName(entry)), entry));
        }

        keyed.Sort((a, b) =>
        {
            var byName = a.Key.AsSpan().SequenceCompareTo(b.Key);
            return byName != 0 ? byName : a.Entry.Kind.CompareTo(b.Entry.Kind);
        });
        return [.. keyed.Select(k => k.Entry)];
    }

    /// <summary>The tar member name of the entry, without a directory's trailing slash.</summary>
    public static string MemberName(LayerEntry entry) => entry.Kind switch
    {
        LayerEntryKind.Whiteout => WhiteoutName(entry.Path),
        LayerEntryKind.OpaqueDirectory => entry.Path + "/" + OpaqueMarker,
        _ => entry.Path,
    };

    /// <summary>The directory part of a path ("" at the top).</summary>
    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    private static string WhiteoutName(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? WhiteoutPrefix + path : path[..(slash + 1)] + WhiteoutPrefix + path[(slash + 1)..];
    }

    private static void Check(LayerEntry entry)
    {
        var path = entry.Path;
        if (path.Length == 0 || path.Contains('\0', StringComparison.Ordinal) ||
            path.Split('/').Any(part => part is "" or "." or ".."))
        {
            throw new ArgumentException($"layer entry path '{path}' is not a clean relative path", nameof(entry));
        }

        var name = path[(path.LastIndexOf('/') + 1)..];
        if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"layer entry '{path}' has a name readers would take for a whiteout", nameof(entry));
        }
    }
}
