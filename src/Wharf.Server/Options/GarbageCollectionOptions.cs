using System.ComponentModel.DataAnnotations;

namespace Wharf.Server.Options;

/// <summary>Section <c>GarbageCollection</c>: when unreferenced blobs are removed (decision 005).</summary>
public sealed class GarbageCollectionOptions
{
    public const string Section = "GarbageCollection";

    /// <summary>Run the collector in the background. <c>wharf gc</c> runs it on demand either way.</summary>
    public bool Enabled { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A blob link no manifest names is kept this long, so layers pushed before their manifest survive
    /// until the manifest arrives.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan LinkGracePeriod { get; set; } = TimeSpan.FromHours(24);
}
