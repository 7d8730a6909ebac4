using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wharf.Cli.Api;

/// <summary>The webhooks API's JSON, source-generated with <see cref="ApiJson"/>'s settings (camelCase, nulls left out,
/// states as plain strings), for the client and for <c>--json</c>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WebhookInfo))]
[JsonSerializable(typeof(IReadOnlyList<WebhookInfo>))]
[JsonSerializable(typeof(CreatedWebhook))]
[JsonSerializable(typeof(WebhookDeliveryInfo))]
[JsonSerializable(typeof(IReadOnlyList<WebhookDeliveryInfo>))]
internal sealed partial class WebhookJson : JsonSerializerContext;
