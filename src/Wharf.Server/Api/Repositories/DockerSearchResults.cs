using System.Text.Json.Serialization;

namespace Wharf.Server.Api.Repositories;

/// <summary>The body of Docker's v1 search (<c>GET /v1/search</c>), as Docker Hub answers it and <c>docker search</c> reads it.</summary>
internal sealed record DockerSearchResults(
    [property: JsonPropertyName("num_results")] int NumResults,
    [property: JsonPropertyName("num_pages")] int NumPages,
    [property: JsonPropertyName("page")] int Page,
    [property: JsonPropertyName("page_size")] int PageSize,
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("results")] IReadOnlyList<DockerSearchResult> Results);
