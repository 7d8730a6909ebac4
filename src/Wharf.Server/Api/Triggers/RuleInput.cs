namespace Wharf.Server.Api.Triggers;

/// <summary>A build rule in a request or an answer: <c>kind</c> branch or tag; <c>source</c> a name or <c>/regex/</c>;
/// <c>tag</c> the image tag or a template ({sourceref}, {\1}…{\9}, {sha}, {shortsha}); the Dockerfile (relative to the
/// context, default <c>Dockerfile</c>), the context folder in the repository (default <c>.</c>), build args, autobuild
/// (default on), cache (default on) and test (a shell command run in the built image before the push).</summary>
internal sealed record RuleInput(
    string? Kind,
    string? Source,
    string? Tag,
    string? Dockerfile = null,
    string? Context = null,
    IReadOnlyDictionary<string, string>? BuildArgs = null,
    bool? Autobuild = null,
    bool? Cache = null,
    string? Test = null);
