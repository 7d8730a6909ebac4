namespace Wharf.Registry.Metadata;

/// <summary>An upload in progress. Its bytes are staged in the blob store under <see cref="Id"/>; recording the
/// session in the metadata store lets any node (or the same node after a restart) continue it.</summary>
public sealed record UploadSession(string Id, string Repository, DateTimeOffset StartedAt);
