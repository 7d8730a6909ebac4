namespace Wharf.Cli.Api;

/// <summary>A build to run on the server: where the image goes (tags default to <c>latest</c>), the Dockerfile (relative
/// to the context, or a path outside it, which is then sent along), target, build args, <c>--no-cache</c> and the test
/// command.</summary>
internal sealed record BuildSubmission(string Repository, IReadOnlyList<string> Tags)
{
    public string Dockerfile { get; init; } = "Dockerfile";

    public string? Target { get; init; }

    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    public bool NoCache { get; init; }

    public string? Test { get; init; }
}
