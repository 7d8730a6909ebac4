namespace Wharf.Registry.Migrate;

/// <summary>How <c>wharf migrate</c> runs.</summary>
public sealed record MigrationOptions
{
    /// <summary>Replace a target that already holds a registry (or another source's unfinished copy) instead of refusing.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Blobs copied at once.</summary>
    public int Concurrency { get; init; } = 3;
}
