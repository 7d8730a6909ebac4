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

    /// <summary>Whether manifest pulls are counted for the UI's pull counts and last-pulled times (decision 027): in
    /// memory on the request path, added to the database every <see cref="PullStatisticsFlushInterval"/>.</summary>
    public bool PullStatistics { get; set; } = true;

    /// <summary>How often a node adds its pull counts to the database: also the most a crash loses.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan PullStatisticsFlushInterval { get; set; } = TimeSpan.FromSeconds(5);
}
