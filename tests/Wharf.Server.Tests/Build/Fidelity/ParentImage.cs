using System.Text.Json.Serialization;

namespace Wharf.Server.Tests.Build.Fidelity;

/// <summary>An image a case builds FROM, built first by the same builder from a folder of the case: docker's child
/// builds on docker's parent and Wharf's on Wharf's, so the parent's config (its ONBUILD triggers) is Wharf's own.</summary>
/// <param name="Context">The folder, relative to the case.</param>
/// <param name="Tag">The name the case's Dockerfile uses for it.</param>
public sealed record ParentImage(
    [property: JsonPropertyName("context")] string Context,
    [property: JsonPropertyName("tag")] string Tag);
