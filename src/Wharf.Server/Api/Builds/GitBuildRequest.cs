namespace Wharf.Server.Api.Builds;

/// <summary>The JSON body of <c>POST /api/v1/builds</c> for a context in a git repository. <see cref="Secrets"/>: id →
/// base64 of a secret's value (<c>RUN --mount=type=secret</c>); <see cref="Ssh"/>: id → private key files as ssh-keygen
/// writes them (<c>RUN --mount=type=ssh</c>). Both are sealed as they arrive (<see cref="BuildSecretsInput"/>) and never
/// shown again; <see cref="object.ToString"/> leaves them out.</summary>
internal sealed record GitBuildRequest(
    string? Repository,
    IReadOnlyList<string>? Tags,
    GitSource? Git,
    string? Dockerfile = null,
    string? Target = null,
    IReadOnlyDictionary<string, string>? BuildArgs = null,
    bool NoCache = false,
    string? Test = null,
    IReadOnlyDictionary<string, string>? Secrets = null,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Ssh = null)
{
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Repository = ").Append(Repository).Append(", Git = ").Append(Git).Append(", Dockerfile = ").Append(Dockerfile)
            .Append(", Target = ").Append(Target).Append(", NoCache = ").Append(NoCache);
        return true;
    }
}
