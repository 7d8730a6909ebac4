namespace Wharf.Build.Store;

/// <summary>When a piece of the builder's state was last used is its modification time: written when it is made,
/// touched when a build uses it again (a cache hit, a base image resolved, a cache mount mounted). A prune removes the
/// least recently used first, and <c>--filter until=</c> keeps what was used since.</summary>
internal static class LastUse
{
    public static void Touch(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            }
            else
            {
                File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone meanwhile, or a state directory this user may read but not write: the time only orders pruning.
        }
    }
}
