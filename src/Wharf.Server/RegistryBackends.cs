using Microsoft.Extensions.Options;
using Npgsql;
using Wharf.Registry.Metadata;
using Wharf.Registry.Storage;
using Wharf.Server.Options;

namespace Wharf.Server;

/// <summary>The one place a configuration's backends are chosen and built: the blob store (section <c>Storage</c>) and
/// the metadata database (<c>Database</c>). <see cref="WharfApp"/> registers them for <c>wharf serve</c>; offline commands
/// that need no web host (<c>wharf migrate</c>) build them here from options they bound themselves.</summary>
public static class RegistryBackends
{
    public static IBlobStore CreateBlobStore(StorageOptions storage, TimeProvider time) => storage.Backend switch
    {
        "filesystem" => new FileSystemBlobStore(Path.GetFullPath(storage.DataDirectory)),
        "s3" => CreateS3BlobStore(storage.S3, time),
        "memory" => new InMemoryBlobStore(time),
        _ => throw new OptionsValidationException(StorageOptions.Section, typeof(StorageOptions), [$"unknown storage backend '{storage.Backend}'"]),
    };

    /// <summary>The metadata database. With <paramref name="readOnly"/> (a source to copy from) a SQLite file must
    /// exist and is opened for reading only, and no directory is created.</summary>
    public static SqlDatabase CreateDatabase(DatabaseOptions database, StorageOptions storage, bool readOnly = false)
    {
        switch (database.Provider)
        {
            case "sqlite":
                var path = SqlitePath(database, storage);
                if (readOnly)
                {
                    return File.Exists(path) ? SqlDatabase.Sqlite(path, readOnly: true) : throw new FileNotFoundException($"there is no Wharf database at {path}", path);
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                return SqlDatabase.Sqlite(path);
            case "postgres":
                return SqlDatabase.Postgres(database.ConnectionString!);
            default:
                throw new OptionsValidationException(DatabaseOptions.Section, typeof(DatabaseOptions), [$"unknown database provider '{database.Provider}'"]);
        }
    }

    /// <summary>The database as a person would name it, never with a password: <c>sqlite:/srv/wharf/data/wharf.db</c>,
    /// <c>postgres://db.internal:5432/wharf</c> (with <c>?search_path=…</c> when one is set). Two configurations naming
    /// the same database give the same name.</summary>
    public static string DescribeDatabase(DatabaseOptions database, StorageOptions storage)
    {
        if (database.Provider != "postgres")
        {
            return $"sqlite:{SqlitePath(database, storage)}";
        }

        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var schema = string.IsNullOrEmpty(builder.SearchPath) ? "" : $"?search_path={builder.SearchPath}";
        return $"postgres://{builder.Host?.ToLowerInvariant()}:{builder.Port}/{builder.Database ?? builder.Username}{schema}";
    }

    /// <summary>The blob store as a person would name it, never with a key: <c>filesystem:/srv/wharf/data</c>,
    /// <c>s3://bucket/prefix at http://rgw:7480/</c>.</summary>
    public static string DescribeBlobStore(StorageOptions storage) => storage.Backend switch
    {
        "s3" => $"s3://{storage.S3.Bucket}/{storage.S3.Prefix} at {(string.IsNullOrEmpty(storage.S3.ServiceUrl) ? $"AWS {storage.S3.Region}" : storage.S3.ServiceUrl)}",
        "filesystem" => $"filesystem:{Path.GetFullPath(storage.DataDirectory)}",
        _ => storage.Backend,
    };

    /// <summary><c>Database:ConnectionString</c>, or <c>&lt;DataDirectory&gt;/wharf.db</c> when it is empty; absolute.</summary>
    private static string SqlitePath(DatabaseOptions database, StorageOptions storage) =>
        Path.GetFullPath(database.ConnectionString is { Length: > 0 } path ? path : Path.Combine(storage.DataDirectory, "wharf.db"));

    private static S3BlobStore CreateS3BlobStore(S3StorageOptions s3, TimeProvider time)
    {
        var endpoint = new S3Endpoint
        {
            ServiceUrl = string.IsNullOrEmpty(s3.ServiceUrl) ? null : s3.ServiceUrl,
            Region = s3.Region,
            AccessKey = s3.AccessKey,
            SecretKey = s3.SecretKey,
            ForcePathStyle = s3.ForcePathStyle,
        };
        var settings = new S3BlobStoreSettings(s3.Bucket!)
        {
            Prefix = s3.Prefix,
            RedirectLifetime = s3.BlobDelivery == "redirect" ? s3.RedirectLifetime : null,
        };
        return new S3BlobStore(endpoint.CreateClient(), settings, time);
    }
}
