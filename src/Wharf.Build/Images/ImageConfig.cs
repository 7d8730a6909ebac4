using System.Text.Json.Serialization;

namespace Wharf.Build.Images;

/// <summary>An image's configuration (image-spec config.md, with the fields docker adds to <c>config</c>:
/// Healthcheck, OnBuild, Shell). Read from a base image and written for a built one; the fields are declared in the
/// order they are written, and every map is sorted, so the same image always gives the same bytes.</summary>
public sealed record ImageConfig
{
    [JsonPropertyName("created")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Created { get; init; }

    [JsonPropertyName("author")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Author { get; init; }

    [JsonPropertyName("architecture")]
    public string Architecture { get; init; } = "amd64";

    [JsonPropertyName("variant")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Variant { get; init; }

    [JsonPropertyName("os")]
    public string Os { get; init; } = "linux";

    [JsonPropertyName("config")]
    public ContainerConfig Config { get; init; } = new();

    [JsonPropertyName("rootfs")]
    public RootFs RootFs { get; init; } = new();

    [JsonPropertyName("history")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<HistoryEntry>? History { get; init; }
}
