using System.Text.Json;
using Wharf.Build.Images;
using Wharf.Build.Native;
using Wharf.Build.Store;

namespace Wharf.Build.State;

/// <summary>Everything in a builder's state directory, read without changing it: the pieces that name content (cache
/// entries, base image records) or stand alone (advice, cache mounts, git checkouts), the content (blobs, unpacked layers, listings),
/// and what stopped builds left (or, while builds run, what they are using). Anything it does not know is neither
/// counted nor ever removed. Files that vanish while it reads (a running build's, measured without the lock) are skipped.</summary>
internal sealed class StateInventory
{
    private readonly string _state;
    private readonly StateKind _scratch;
    private readonly bool _readRecords;

    private StateInventory(string state, StateKind scratch, bool readRecords)
    {
        _state = state;
        _scratch = scratch;
        _readRecords = readRecords;
    }

    public List<StateItem> Items { get; } = [];

    public Dictionary<string, StateContent> Content { get; } = new(StringComparer.Ordinal);

    public long Total => Items.Sum(i => i.Size) + Content.Values.Sum(c => c.Size);

    /// <param name="buildsRunning">Whether builds hold the state: their scratch and half-written files are then
    /// <see cref="StateKind.RunningBuilds"/>, else <see cref="StateKind.Leftovers"/>.</param>
    /// <param name="readRecords">Whether to read what each record names (for a plan); not for a size alone.</param>
    public static StateInventory Scan(string state, bool buildsRunning, bool readRecords = true)
    {
        var inventory = new StateInventory(state, buildsRunning ? StateKind.RunningBuilds : StateKind.Leftovers, readRecords);
        inventory.ScanContent();
        inventory.ScanRecords();
        foreach (var directory in (string[])["builds", "runc", "trash", Path.Combine("git", "making")])
        {
            foreach (var path in inventory.Entries(directory))
            {
                inventory.AddTree(inventory._scratch, path);
            }
        }

        // The overlayfs probe of a build that stopped in it (it runs while the build holds the lock).
        foreach (var path in inventory.Entries("").Where(p => Path.GetFileName(p).StartsWith("overlay-probe-", StringComparison.Ordinal)))
        {
            inventory.AddTree(inventory._scratch, path);
        }

        return inventory;
    }

    private void ScanContent()
    {
        foreach (var algorithm in Entries("blobs").Where(Directory.Exists))
        {
            foreach (var path in Entries(algorithm))
            {
                var name = Path.GetFileName(path);
                if (IsTemporary(name))
                {
                    AddFile(_scratch, path);
                }
                else if (Usage(path) is { } usage)
                {
                    ContentOf(StateContent.BlobKey($"{Path.GetFileName(algorithm)}:{name}")).Add(path, usage.AllocatedBytes, Time(usage));
                }
            }
        }

        foreach (var path in Entries("layers"))
        {
            if (IsTemporary(Path.GetFileName(path)))
            {
                AddTree(_scratch, path);
            }
            else if (Usage(path) is { } usage)
            {
                ContentOf(StateContent.LayerKey(Path.GetFileName(path))).Add(path, DiskUsage.Of(path, unchanging: true), Time(usage));
            }
        }

        foreach (var path in Entries("listings"))
        {
            if (IsTemporary(Path.GetFileName(path)))
            {
                AddFile(_scratch, path);
            }
            else if (Usage(path) is { } usage)
            {
                ContentOf(StateContent.LayerKey(Path.GetFileNameWithoutExtension(path))).Add(path, usage.AllocatedBytes, Time(usage));
            }
        }
    }

    private void ScanRecords()
    {
        foreach (var path in Entries("cache"))
        {
            AddRecord(StateKind.BuildCache, path, () =>
                JsonSerializer.Deserialize(File.ReadAllBytes(path), BuildJson.Default.CacheEntry)?.Layer is { } layer ? [.. LayerRefs(layer)] : []);
        }

        foreach (var path in Entries("bases"))
        {
            AddRecord(StateKind.BaseImages, path, () =>
                JsonSerializer.Deserialize(File.ReadAllBytes(path), StateJson.Default.BaseImageRecord) is { } image
                    ? [StateContent.BlobKey(image.Config), .. image.Layers.SelectMany(LayerRefs)]
                    : []);
        }

        foreach (var path in Entries("advice"))
        {
            AddRecord(StateKind.Advice, path, () => []);
        }

        foreach (var path in Entries("cache-mounts"))
        {
            AddTree(IsTemporary(Path.GetFileName(path)) ? _scratch : StateKind.CacheMounts, path);
        }

        foreach (var path in Entries("git").Where(p => Path.GetFileName(p) != "making"))
        {
            AddTree(StateKind.GitCheckouts, path);
        }
    }

    /// <summary>A record file: temporary ones are leftovers; an unreadable one (another version's) names nothing.</summary>
    private void AddRecord(StateKind kind, string path, Func<IReadOnlyList<string>> refs)
    {
        if (IsTemporary(Path.GetFileName(path)))
        {
            AddFile(_scratch, path);
            return;
        }

        if (Usage(path) is not { } usage)
        {
            return;
        }

        IReadOnlyList<string> named;
        try
        {
            named = _readRecords ? refs() : [];
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            named = [];
        }

        Items.Add(new StateItem(kind, [path], usage.AllocatedBytes, Time(usage), named));
    }

    private void AddFile(StateKind kind, string path)
    {
        if (Usage(path) is { } usage)
        {
            Items.Add(new StateItem(kind, [path], usage.AllocatedBytes, Time(usage), []));
        }
    }

    private void AddTree(StateKind kind, string path)
    {
        if (Usage(path) is { } usage)
        {
            Items.Add(new StateItem(kind, [path], DiskUsage.Of(path), Time(usage), []));
        }
    }

    private StateContent ContentOf(string key)
    {
        if (!Content.TryGetValue(key, out var content))
        {
            Content[key] = content = new StateContent(key);
        }

        return content;
    }

    private IEnumerable<string> Entries(string directory)
    {
        var path = Path.Combine(_state, directory);
        try
        {
            return Directory.Exists(path) ? [.. Directory.EnumerateFileSystemEntries(path).Order(StringComparer.Ordinal)] : [];
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    private static IEnumerable<string> LayerRefs(ImageLayer layer) =>
        [StateContent.BlobKey(layer.Blob.Digest), StateContent.LayerKey(layer.DiffId.Hex)];

    /// <summary>The names builds give what they are still writing: <c>.tmp-…</c>, <c>….tmp</c>, <c>….making-…</c>.</summary>
    private static bool IsTemporary(string name) =>
        name.StartsWith(".tmp-", StringComparison.Ordinal) || name.EndsWith(".tmp", StringComparison.Ordinal) || name.Contains(".making-", StringComparison.Ordinal);

    private static FileUsage? Usage(string path)
    {
        try
        {
            return LinuxFiles.LstatUsage(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static DateTimeOffset Time(FileUsage usage) =>
        DateTimeOffset.FromUnixTimeSeconds(usage.MtimeSeconds).AddTicks(usage.MtimeNanoseconds / 100);
}
