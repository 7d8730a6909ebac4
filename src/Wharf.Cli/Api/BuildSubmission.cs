namespace Wharf.Cli.Api;

/// <summary>A build to run on the server: where the image goes (tags default to <c>latest</c>), the Dockerfile (relative
/// to the context, or a path outside it, which is then sent along), target, build args, <c>--no-cache</c>, the test
/// command, and the options of <c>wharf build</c> that change the image, its limits or its cache (docs/api.md):
/// <see cref="CacheFrom"/> and <see cref="CacheTo"/> in <c>--cache-from/--cache-to</c>'s syntax.</summary>
internal sealed record BuildSubmission(string Repository, IReadOnlyList<string> Tags)
{
    public string Dockerfile { get; init; } = "Dockerfile";

    public string? Target { get; init; }

    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    public bool NoCache { get; init; }

    public string? Test { get; init; }

    /// <summary>The reproducible epoch as the submitter resolved it; null: the server's default (a git context's commit
    /// time, else 0).</summary>
    public long? SourceDateEpoch { get; init; }

    public bool Reproducible { get; init; } = true;

    /// <summary>gzip, zstd or none; null: gzip.</summary>
    public string? Compression { get; init; }

    /// <summary>os/arch[/variant]; null: the worker's own.</summary>
    public string? Platform { get; init; }

    /// <summary>Bytes per RUN step; at most the server's <c>Builds:StepMemoryLimit</c>.</summary>
    public long? MemoryLimit { get; init; }

    public IReadOnlyList<string> CacheFrom { get; init; } = [];

    public IReadOnlyList<string> CacheTo { get; init; } = [];
}
