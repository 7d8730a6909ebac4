namespace Wharf.Registry.Overview;

/// <summary>A repository's description: Markdown text, when and by whom it was last set.</summary>
public sealed record RepositoryDescription(string Text, DateTimeOffset UpdatedAt, string UpdatedBy);
