namespace Wharf.Server.Tests.Webhooks;

/// <summary>The webhook deliveries on the embedded database (a single node).</summary>
public sealed class SqliteWebhookDeliveryTests : WebhookDeliveryContract
{
    protected override Task<IReadOnlyDictionary<string, string?>> DatabaseAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?> { ["Database:Provider"] = "sqlite" });
}
