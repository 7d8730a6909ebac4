namespace Wharf.Build.Lint;

/// <summary>
/// The files an image's layers leave visible, replayed in layer order the way an overlay mount shows them, and the
/// bytes that ship without being visible: each (earlier layer, later layer) pair where the later one deleted
/// (<see cref="Wasted.Overwritten"/> false) or replaced (true) what the earlier one added.
/// </summary>
internal sealed class ImageFiles
{
    private readonly Dictionary<string, (int Layer, long Size)> _visible = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _paths = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Origin, int Layer, bool Overwritten), long> _wasted = [];

    public ImageFiles(IReadOnlyList<LayerContent> layers)
    {
        for (var i = 0; i < layers.Count; i++)
        {
            // A layer's whiteouts hide only what is below it, so they go before its own entries.
            foreach (var entry in layers[i].Paths.Where(p => p.Whiteout || p.OpaqueDirectory))
            {
                Hide(Normalize(entry.Path), i, alsoThePath: entry.Whiteout);
            }

            foreach (var entry in layers[i].Paths.Where(p => !p.Whiteout))
            {
                var path = Normalize(entry.Path);
                if (_visible.TryGetValue(path, out var earlier))
                {
                    Waste(earlier.Layer, i, overwritten: true, earlier.Size);
                }

                _visible[path] = (i, entry.Size);
                _paths.Add(path);
            }
        }
    }

    /// <summary>Every visible file of the finished image with the index of the layer that holds it.</summary>
    public IEnumerable<(string Path, int Layer, long Size)> Visible => _visible.Select(v => (v.Key, v.Value.Layer, v.Value.Size));

    public IEnumerable<Wasted> Waste() => _wasted.Select(w => new Wasted(w.Key.Origin, w.Key.Layer, w.Key.Overwritten, w.Value));

    /// <summary>Tar entries may be written <c>./usr/bin</c> or <c>usr/bin/</c>; both are <c>usr/bin</c> here.</summary>
    private static string Normalize(string path)
    {
        path = path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path;
        return path.Trim('/');
    }

    private void Hide(string path, int layer, bool alsoThePath)
    {
        // Ordinal order puts exactly the paths under "dir/" between "dir/" and "dir0" ('0' follows '/').
        var under = _paths.GetViewBetween(path + "/", path + "0").ToList();
        foreach (var hidden in alsoThePath && _paths.Contains(path) ? [path, .. under] : under)
        {
            var (origin, size) = _visible[hidden];
            Waste(origin, layer, overwritten: false, size);
            _visible.Remove(hidden);
            _paths.Remove(hidden);
        }
    }

    private void Waste(int origin, int layer, bool overwritten, long size)
    {
        if (size > 0)
        {
            _wasted[(origin, layer, overwritten)] = _wasted.GetValueOrDefault((origin, layer, overwritten)) + size;
        }
    }

    /// <summary><see cref="Bytes"/> that layer <see cref="Origin"/> added and layer <see cref="Layer"/> deleted or replaced.</summary>
    public sealed record Wasted(int Origin, int Layer, bool Overwritten, long Bytes);
}
