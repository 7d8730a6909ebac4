using System.Text.Json.Serialization;

namespace Wharf.Server.Api.Repositories;

/// <summary>One repository in Docker's v1 search answer. Wharf has no stars, official images or automated builds of
/// Docker Hub's kind: those fields are 0 and false.</summary>
internal sealed record DockerSearchResult(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("star_count")] int StarCount = 0,
    [property: JsonPropertyName("is_official")] bool IsOfficial = false,
    [property: JsonPropertyName("is_automated")] bool IsAutomated = false);
