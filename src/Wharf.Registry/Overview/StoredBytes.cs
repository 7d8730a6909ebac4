namespace Wharf.Registry.Overview;

/// <summary>How many distinct blobs (by digest) a set of repositories links, and their bytes: a blob linked by several of
/// them counted once.</summary>
public sealed record StoredBytes(long Blobs, long Bytes)
{
    public static StoredBytes None { get; } = new(0, 0);
}
