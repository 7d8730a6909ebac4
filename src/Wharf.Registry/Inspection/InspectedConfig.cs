namespace Wharf.Registry.Inspection;

/// <summary>What a container started from the image gets (image-spec config.md, the <c>config</c> object), and when and
/// for what it was built.</summary>
public sealed record InspectedConfig(
    string? Created,
    string? Author,
    string Os,
    string Architecture,
    string? Variant,
    IReadOnlyList<string>? Entrypoint,
    IReadOnlyList<string>? Cmd,
    IReadOnlyList<string> Env,
    string? WorkingDir,
    string? User,
    IReadOnlyList<string> ExposedPorts,
    IReadOnlyList<string> Volumes,
    IReadOnlyDictionary<string, string> Labels,
    string? StopSignal);
