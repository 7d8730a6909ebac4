namespace Wharf.Server.Options;

/// <summary>Section <c>Registry</c>: protocol behaviour.</summary>
public sealed class RegistryOptions
{
    public const string Section = "Registry";

    /// <summary>When false, DELETE of manifests, tags and blobs answers 405 UNSUPPORTED.</summary>
    public bool DeletesEnabled { get; set; } = true;

    /// <summary>The most entries one tags-list or catalog page returns, whatever <c>n</c> asks for.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int MaxPageSize { get; set; } = 10_000;
}
