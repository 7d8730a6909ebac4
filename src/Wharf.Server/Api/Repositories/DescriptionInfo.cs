namespace Wharf.Server.Api.Repositories;

/// <summary>A repository's description (Markdown) as the API answers it; null fields when it has none.</summary>
internal sealed record DescriptionInfo(string Repository, string? Description, DateTimeOffset? UpdatedAt, string? UpdatedBy);
