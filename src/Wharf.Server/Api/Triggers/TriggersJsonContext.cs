using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace Wharf.Server.Api.Triggers;

/// <summary>Source-generated JSON of the triggers API: web defaults (camelCase), unknown request fields refused.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(TriggerCreation))]
[JsonSerializable(typeof(TriggerInfo))]
[JsonSerializable(typeof(IReadOnlyList<TriggerInfo>))]
[JsonSerializable(typeof(CreatedTrigger))]
[JsonSerializable(typeof(BuildNowRequest))]
[JsonSerializable(typeof(CredentialInput))]
[JsonSerializable(typeof(WebhookAnswer))]
[JsonSerializable(typeof(IReadOnlyList<TriggeredBuildInfo>))]
[JsonSerializable(typeof(ProblemDetails))]
internal sealed partial class TriggersJsonContext : JsonSerializerContext;
