using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace Wharf.Server.Api.Builds;

/// <summary>Source-generated JSON of the builds API: web defaults (camelCase), unknown request fields refused.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(GitBuildRequest))]
[JsonSerializable(typeof(BuildInfo))]
[JsonSerializable(typeof(IReadOnlyList<BuildInfo>))]
[JsonSerializable(typeof(ProblemDetails))]
internal sealed partial class BuildsJsonContext : JsonSerializerContext;
