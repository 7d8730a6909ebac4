using Wharf.Registry.Metadata;

namespace Wharf.Registry.Tests.Metadata;

/// <summary>The version numbers of the DDL scripts embedded for a dialect, as <see cref="SchemaMigrator"/> finds them.</summary>
internal static class MigrationScripts
{
    public static List<long> Versions(SqlDialect dialect)
    {
        var prefix = $"{typeof(SchemaMigrator).Namespace}.Migrations.{dialect}.";
        return [.. typeof(SchemaMigrator).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n => long.Parse(n[prefix.Length..].Split('-')[0], System.Globalization.CultureInfo.InvariantCulture))
            .Order()];
    }
}
