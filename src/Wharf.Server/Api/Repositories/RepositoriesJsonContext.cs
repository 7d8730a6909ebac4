using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Wharf.Registry.Overview;

namespace Wharf.Server.Api.Repositories;

/// <summary>Source-generated JSON of the repositories API and Docker's v1 search: web defaults (camelCase), unknown
/// request fields refused. The listings are the registry's own records (<c>Wharf.Registry.Overview</c>).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ResultPage<RepositorySummary>))]
[JsonSerializable(typeof(RepositorySummary))]
[JsonSerializable(typeof(ResultPage<TagSummary>))]
[JsonSerializable(typeof(DescriptionInfo))]
[JsonSerializable(typeof(DescriptionChangeInput))]
[JsonSerializable(typeof(StorageOverview))]
[JsonSerializable(typeof(DockerSearchResults))]
[JsonSerializable(typeof(ProblemDetails))]
internal sealed partial class RepositoriesJsonContext : JsonSerializerContext;
