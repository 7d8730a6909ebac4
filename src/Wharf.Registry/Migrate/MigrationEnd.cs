using Wharf.Registry.Metadata;
using Wharf.Registry.Storage;

namespace Wharf.Registry.Migrate;

/// <summary>One end of <c>wharf migrate</c>: a registry's metadata database and blob store, and their names for people
/// (paths, host, database, bucket; never a password or key). A name also identifies the end: two ends with the same
/// database name are the same registry, and a target recognises an unfinished copy from the same source by it.</summary>
public sealed record MigrationEnd(SqlDatabase Database, IBlobStore Blobs, string DatabaseName, string BlobStoreName)
{
    public string Name => $"{DatabaseName} with blobs in {BlobStoreName}";
}
