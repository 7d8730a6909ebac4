using System.ComponentModel.DataAnnotations;

namespace Wharf.Server.Options;

/// <summary>Section <c>Builds</c>: builds on the server (issue 9, decision 017) — the queue every node accepts builds
/// into, and the workers of this process that run them (<c>wharf build-worker</c> reads the same section).</summary>
public sealed class BuildsOptions : IValidatableObject
{
    public const string Section = "Builds";

    /// <summary>Builds this process runs at once; 0 runs none (builds wait for another node or a
    /// <c>wharf build-worker</c>). The API accepts builds either way.</summary>
    [Range(0, 64)]
    public int Workers { get; set; } = 1;

    /// <summary>Where workers unpack contexts and the builder keeps its state (<c>contexts/</c>, <c>builder/</c>); empty
    /// means <c>&lt;DataDirectory&gt;/builds</c>. Local to the machine: nothing another node needs is kept here.</summary>
    public string? Directory { get; set; }

    /// <summary>How long a worker's claim on a running build lasts without renewal: after it, the build is taken to be
    /// orphaned (its worker died, or its server restarted) and is queued again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often an idle worker looks for a queued build, and a busy one renews its lease and checks for a cancel.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many times a build is claimed before a build whose workers keep dying is failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The longest a build may run, from its claim to its end (a git fetch or a step that hangs); then it is
    /// stopped and failed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>The most lines one build's log keeps; the rest is dropped with a note (a step printing without end must
    /// not fill the shared database).</summary>
    [Range(100, 10_000_000)]
    public int MaxLogLines { get; set; } = 100_000;

    /// <summary>The largest context accepted, in bytes: the uploaded body and the files it unpacks to.</summary>
    [Range(1024L, long.MaxValue)]
    public long MaxContextSize { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Serve the builds API on a server with <c>Auth:Enabled=false</c>, to anyone who can reach it. Off by
    /// default: a build runs the submitter's commands on the server, which is more than a push.</summary>
    public bool AllowWithoutAuth { get; set; }

    /// <summary>The git transports a git context may use (git's <c>GIT_ALLOW_PROTOCOL</c>); empty means https, ssh and
    /// git. <c>file</c> would let a build read any repository on the worker's disk: list it only where that is meant.</summary>
    public List<string> GitProtocols { get; set; } = [];

    /// <summary><see cref="GitProtocols"/>, or the default set when it is empty.</summary>
    public IReadOnlyList<string> AllowedGitProtocols => GitProtocols.Count > 0 ? GitProtocols : ["https", "ssh", "git"];

    /// <summary>How long a finished build and its log are kept; zero keeps them forever.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "36500.00:00:00")]
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>The most the builder's state (<c>&lt;Directory&gt;/builder</c>: blobs, unpacked layers, the build cache,
    /// base images, cache mounts) may take on disk, in bytes; 0 for no limit. After a build that leaves it larger, the
    /// worker prunes the least recently used, base images included, down to nine tenths of it (so not after every
    /// build), waiting for the builds then running while new ones wait behind it. 20 GiB by default: what docker's and
    /// BuildKit's default build cache policies keep (20 GB), enough for the base images and cache of a team's builds,
    /// and small beside a registry's own data on the same disk.</summary>
    [Range(0L, long.MaxValue)]
    public long StateMaxSize { get; set; } = 20L * 1024 * 1024 * 1024;

    /// <summary>Memory one RUN step's container may use (cgroup <c>memory.limit</c>, swap included), in bytes; null for
    /// no limit. A step beyond it is killed by the kernel and the build fails at that step. A build may ask for a lower
    /// limit of its own (<c>wharf build --server --memory</c>), never a higher one.</summary>
    [Range(4L * 1024 * 1024, long.MaxValue)]
    public long? StepMemoryLimit { get; set; }

    /// <summary>Most processes one RUN step may have at once (cgroup <c>pids.max</c>): a fork bomb fails its build
    /// instead of the machine.</summary>
    [Range(16, 1_000_000)]
    public int StepProcessLimit { get; set; } = 4096;

    /// <summary>Longest one RUN step may take before it is killed and the build fails.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LeaseDuration < PollInterval * 3)
        {
            yield return new ValidationResult(
                "Builds:LeaseDuration must be at least three Builds:PollInterval, so a lease survives a missed renewal", [nameof(LeaseDuration)]);
        }

        foreach (var protocol in GitProtocols.Where(p => p is not ("https" or "http" or "ssh" or "git" or "file")))
        {
            yield return new ValidationResult($"Builds:GitProtocols '{protocol}' is not one of https, http, ssh, git, file", [nameof(GitProtocols)]);
        }
    }

    /// <summary><see cref="Directory"/>, or its default under the data directory; absolute.</summary>
    public string DirectoryUnder(string dataDirectory) =>
        Path.GetFullPath(Directory is { Length: > 0 } directory ? directory : Path.Combine(dataDirectory, "builds"));
}
