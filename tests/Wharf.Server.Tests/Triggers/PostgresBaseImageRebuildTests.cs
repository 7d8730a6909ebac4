namespace Wharf.Server.Tests.Triggers;

/// <summary>Base-image rebuilds on PostgreSQL, where nodes sharing the database claim owed rebuilds.</summary>
public sealed class PostgresBaseImageRebuildTests(PostgresCluster cluster) : BaseImageRebuildContract
{
    protected override async Task<IReadOnlyDictionary<string, string?>> DatabaseAsync() => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "postgres",
        ["Database:ConnectionString"] = await cluster.CreateSchemaAsync(TestContext.Current.CancellationToken),
    };
}
