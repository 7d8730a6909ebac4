namespace Wharf.Registry.Notifications.Wire;

/// <summary>What an event is about (Distribution's target). A push or pull names the manifest: media type, size (and
/// <c>length</c>, its older name, set alike), digest, repository, URL and the tag asked for, if any. A delete names only
/// the repository and the digest or tag deleted, as Distribution's delete events do.</summary>
public sealed record EventTarget(string? MediaType, long? Size, string? Digest, long? Length, string Repository, string? Url, string? Tag);
