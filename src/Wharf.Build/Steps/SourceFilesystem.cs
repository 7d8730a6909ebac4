namespace Wharf.Build.Steps;

/// <summary>An earlier stage's or an image's filesystem as <see cref="SourceFilesystems"/> opened it: the host directory
/// that holds it (read-only by convention) and an identity that changes whenever its content does (the digest of its
/// layers' diffIDs), which is what a build cache key records of it.</summary>
internal sealed record SourceFilesystem(string Root, string Identity);
