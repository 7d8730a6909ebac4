using System.Net;

namespace Wharf.Server.Tests.Webhooks;

/// <summary>The webhook deliveries on PostgreSQL, where claims are <c>FOR UPDATE SKIP LOCKED</c>; and there, without
/// <c>Secrets:Key</c>, no webhook at all: nodes sharing the database must share the key that seals its secret.</summary>
public sealed class PostgresWebhookDeliveryTests(PostgresCluster cluster) : WebhookDeliveryContract
{
    private string? _connectionString;

    [Fact]
    public async Task Without_a_shared_secret_key_a_webhook_is_refused_with_a_problem()
    {
        var settings = new Dictionary<string, string?>(await DatabaseAsync()) { ["Secrets:Key"] = null };
        await using var registry = await NotifyingRegistry.StartAsync(settings);
        var alice = await registry.Api.NewUserAsync("alice");

        var body = await registry.Api.ExpectAsync(
            HttpMethod.Post, "/api/v1/webhooks", alice, HttpStatusCode.Conflict, $$"""{"repository":"{{alice.Name}}/app","url":"http://127.0.0.1:9/hook"}""");

        Assert.Contains("Secrets:Key", body, StringComparison.Ordinal);
    }

    protected override async Task<IReadOnlyDictionary<string, string?>> DatabaseAsync()
    {
        _connectionString ??= await cluster.CreateSchemaAsync(TestContext.Current.CancellationToken);
        return new Dictionary<string, string?> { ["Database:Provider"] = "postgres", ["Database:ConnectionString"] = _connectionString };
    }
}
