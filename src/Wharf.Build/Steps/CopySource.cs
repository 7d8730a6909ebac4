namespace Wharf.Build.Steps;

/// <summary>One file or directory a COPY or ADD reads: where it is on this machine, and its path relative to the root
/// it was found under (the context or another stage's filesystem), which <c>--parents</c> keeps.</summary>
internal sealed record CopySource(string HostPath, string RelativePath, bool IsDirectory);
