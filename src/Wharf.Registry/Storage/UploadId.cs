namespace Wharf.Registry.Storage;

/// <summary>Upload ids, and the names of an upload's staged parts, are 32 lowercase hex characters (a GUID "N"):
/// safe as a file or object name, unguessable, and checked wherever one comes back in, so neither a request nor a
/// database row can name a path outside the staging area.</summary>
public static class UploadId
{
    public static string New() => Guid.NewGuid().ToString("N");

    public static bool IsValid(string? id) =>
        id is { Length: 32 } && id.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
