using System.Text.Json.Serialization;

namespace Wharf.Server.Tests.Build.Fidelity;

/// <summary>A corpus case's <c>fidelity.json</c>, all optional: what the case's <c>docker build</c> line would carry,
/// and an image its Dockerfile builds FROM that each builder must build first (an ONBUILD parent).</summary>
public sealed record CaseSettings
{
    /// <summary><c>--build-arg</c>s; <c>{registry}</c> and <c>{busybox-digest}</c> in a value are replaced by the
    /// corpus registry's host:port and the busybox base's digest there.</summary>
    [JsonPropertyName("buildArgs")]
    public Dictionary<string, string> BuildArgs { get; init; } = [];

    [JsonPropertyName("target")]
    public string? Target { get; init; }

    [JsonPropertyName("parent")]
    public ParentImage? Parent { get; init; }
}
