namespace Wharf.Server.Api.Repositories;

/// <summary>The body of <c>PUT /api/v1/repositories/{name}/description</c>: the Markdown text, "" to remove it.</summary>
internal sealed record DescriptionChangeInput(string? Description);
