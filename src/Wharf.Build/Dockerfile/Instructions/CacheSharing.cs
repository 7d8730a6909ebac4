namespace Wharf.Build.Dockerfile.Instructions;

/// <summary>How concurrent builds share a cache mount (<c>sharing=</c>).</summary>
public enum CacheSharing
{
    Shared,
    Private,
    Locked,
}
