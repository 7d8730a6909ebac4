namespace Wharf.Server.Tests.Webhooks;

/// <summary>The webhook deliveries on PostgreSQL, where claims are <c>FOR UPDATE SKIP LOCKED</c>.</summary>
public sealed class PostgresWebhookDeliveryTests(PostgresCluster cluster) : WebhookDeliveryContract
{
    private string? _connectionString;

    protected override async Task<IReadOnlyDictionary<string, string?>> DatabaseAsync()
    {
        _connectionString ??= await cluster.CreateSchemaAsync(TestContext.Current.CancellationToken);
        return new Dictionary<string, string?> { ["Database:Provider"] = "postgres", ["Database:ConnectionString"] = _connectionString };
    }
}
