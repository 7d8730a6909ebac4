namespace Wharf.Cli.Api;

/// <summary>A build rule as <c>/api/v1/triggers</c> takes and shows it (docs/api.md).</summary>
internal sealed record TriggerRule(
    string Kind,
    string Source,
    string Tag,
    string? Dockerfile = null,
    string? Context = null,
    IReadOnlyDictionary<string, string>? BuildArgs = null,
    bool? Autobuild = null,
    bool? Cache = null,
    string? Test = null);
