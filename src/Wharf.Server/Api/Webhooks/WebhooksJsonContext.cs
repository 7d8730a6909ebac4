using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace Wharf.Server.Api.Webhooks;

/// <summary>Source-generated JSON of the webhooks API: web defaults (camelCase), unknown request fields refused.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(WebhookCreation))]
[JsonSerializable(typeof(WebhookUpdate))]
[JsonSerializable(typeof(WebhookInfo))]
[JsonSerializable(typeof(IReadOnlyList<WebhookInfo>))]
[JsonSerializable(typeof(CreatedWebhookInfo))]
[JsonSerializable(typeof(DeliveryInfo))]
[JsonSerializable(typeof(IReadOnlyList<DeliveryInfo>))]
[JsonSerializable(typeof(ProblemDetails))]
internal sealed partial class WebhooksJsonContext : JsonSerializerContext;
