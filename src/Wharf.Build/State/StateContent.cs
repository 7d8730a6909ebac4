namespace Wharf.Build.State;

/// <summary>Content that cache entries and base images name: a blob by digest (<c>blob:sha256:…</c>), or a layer's
/// unpacked directory and listing by diffID (<c>layer:…</c>). Removed when the last piece naming it is.</summary>
internal sealed class StateContent(string key)
{
    public string Key { get; } = key;

    public List<string> Paths { get; } = [];

    public long Size { get; set; }

    public DateTimeOffset LastUse { get; set; } = DateTimeOffset.MinValue;

    public static string BlobKey(Wharf.Oci.Digest digest) => BlobKey(digest.ToString());

    public static string BlobKey(string digest) => $"blob:{digest}";

    public static string LayerKey(string diffIdHex) => $"layer:{diffIdHex}";

    public void Add(string path, long size, DateTimeOffset lastUse)
    {
        Paths.Add(path);
        Size += size;
        LastUse = lastUse > LastUse ? lastUse : LastUse;
    }
}
