namespace Wharf.Server.Api.Builds;

/// <summary>The JSON body of <c>POST /api/v1/builds</c> for a context in a git repository.</summary>
internal sealed record GitBuildRequest(
    string? Repository,
    IReadOnlyList<string>? Tags,
    GitSource? Git,
    string? Dockerfile = null,
    string? Target = null,
    IReadOnlyDictionary<string, string>? BuildArgs = null,
    bool NoCache = false,
    string? Test = null);
