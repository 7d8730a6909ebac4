namespace Wharf.Registry.Overview;

/// <summary>How a change of a repository's description went.</summary>
public enum DescriptionChange
{
    Done,

    /// <summary>No such repository, or one the caller may not see (the same answer).</summary>
    NotFound,

    /// <summary>The caller sees the repository but does not administer it.</summary>
    Forbidden,

    /// <summary>Longer than <see cref="RepositoryDescriptions.MaxLength"/>.</summary>
    TooLong,
}
