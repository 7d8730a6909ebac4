namespace Wharf.Cli.Api;

/// <summary>A tag of the server's registry a trigger's ref is rebuilt on when it moves: the ref's latest successful build,
/// which pushed <see cref="ImageTags"/>, read <see cref="Repository"/>:<see cref="Tag"/> as <see cref="Digest"/>.</summary>
internal sealed record TriggerBaseImage(string Ref, IReadOnlyList<string> ImageTags, string Repository, string Tag, string Digest, DateTimeOffset RecordedAt);
