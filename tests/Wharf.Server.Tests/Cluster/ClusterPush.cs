using Wharf.Server.Tests.EndToEnd;

namespace Wharf.Server.Tests.Cluster;

/// <summary>One image a cluster test's worker pushed: where, and whether the registry acknowledged its manifest.</summary>
internal sealed class ClusterPush(string repository, string tag, TestImage image)
{
    public string Repository { get; } = repository;

    public string Tag { get; } = tag;

    public TestImage Image { get; } = image;

    /// <summary>The manifest PUT answered 201 (after retries, perhaps).</summary>
    public bool Acknowledged { get; set; }
}
