namespace Wharf.Registry.Metadata;

/// <summary>The SQL databases the metadata store runs on; names the folder of DDL migrations to apply.</summary>
public enum SqlDialect
{
    Sqlite,
    Postgres,
}
