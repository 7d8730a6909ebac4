namespace Wharf.Cli.Api;

/// <summary>A git context as the server takes and shows it; <see cref="Commit"/> is what a worker resolved the ref to.</summary>
internal sealed record GitBuildSource(string? Url, string? Ref = null, string? Subfolder = null, string? Commit = null);
