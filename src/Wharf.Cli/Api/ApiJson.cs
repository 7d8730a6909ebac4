using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Wharf.Cli.Api;

/// <summary>The management API's JSON, source-generated (the client is compiled ahead of time: no reflection):
/// camelCase, nulls left out, enums read as plain strings (so a value a newer server adds is shown rather than
/// refused). Request bodies are <see cref="JsonObject"/>s; <c>--json</c> prints the answers with these contracts.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(ApiProblem))]
[JsonSerializable(typeof(BuildStatus))]
[JsonSerializable(typeof(CreatedTrigger))]
[JsonSerializable(typeof(TriggerInfo))]
[JsonSerializable(typeof(IReadOnlyList<TriggerInfo>))]
[JsonSerializable(typeof(IReadOnlyList<TriggeredBuild>))]
[JsonSerializable(typeof(IReadOnlyList<BuildStatus>))]
[JsonSerializable(typeof(ImportResult))]
[JsonSerializable(typeof(IReadOnlyList<OrganisationInfo>))]
[JsonSerializable(typeof(IReadOnlyList<TeamInfo>))]
[JsonSerializable(typeof(AccountInfo))]
[JsonSerializable(typeof(IReadOnlyList<AccountInfo>))]
[JsonSerializable(typeof(CreatedRobot))]
[JsonSerializable(typeof(IReadOnlyList<GrantInfo>))]
[JsonSerializable(typeof(VisibilityInfo))]
[JsonSerializable(typeof(IReadOnlyList<AuditEntry>))]
[JsonSerializable(typeof(CurrentAccount))]
[JsonSerializable(typeof(IReadOnlyList<TokenInfo>))]
[JsonSerializable(typeof(CreatedToken))]
internal sealed partial class ApiJson : JsonSerializerContext;
