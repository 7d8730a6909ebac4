using System.ComponentModel.DataAnnotations;

namespace Wharf.Server.Options;

/// <summary>Section <c>GitPull</c>: images built on pull from a git URL (issue 10, decision 025). A manifest GET of
/// <c>git/&lt;host&gt;/&lt;repository&gt;[/&lt;folder&gt;]:&lt;ref&gt;</c> builds that folder at that ref, for the
/// hosts listed here and no others.</summary>
public sealed class GitPullOptions : IValidatableObject
{
    public const string Section = "GitPull";

    /// <summary>The namespace these images live in; its first path component.</summary>
    public const string Namespace = "git";

    /// <summary>The git hosts that may be built from, by the name an image reference uses (<c>github.com</c>,
    /// <c>git.test</c>). Empty: build on pull is off.</summary>
    public Dictionary<string, GitPullHost> Hosts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long a pull waits for the build it started or joined before it is answered "still building".</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")]
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>How long a branch or tag's commit, and where a repository path ends, are taken from a recent answer of
    /// the git host before asking it again: a pull of an already built image then asks the host nothing.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RefCacheTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A failed build is the answer for this long; a pull after it builds again (the host may have been down).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan RetryFailedAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Builds one caller (an account, or an address for anonymous pulls) may have queued or running at once.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentPerCaller { get; set; } = 4;

    /// <summary>Builds one caller may start in 24 hours.</summary>
    [Range(1, 1_000_000)]
    public int MaxDailyPerCaller { get; set; } = 100;

    /// <summary>An image built on pull that nobody pulled for this long is deleted (then garbage collection frees it).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan IdleTime { get; set; } = TimeSpan.FromDays(30);

    public bool Enabled => Hosts.Count > 0;

    /// <summary>The token of the host named <paramref name="host"/> for <paramref name="url"/>, one of its repositories;
    /// null when it has none (or the URL is not the host's).</summary>
    public Builds.GitCredential? CredentialFor(string host, string url) =>
        Hosts.GetValueOrDefault(host) is { Token: { Length: > 0 } token } found && url.StartsWith(found.Url.TrimEnd('/') + "/", StringComparison.Ordinal)
            ? new Builds.GitCredential(found.Username ?? Builds.GitCredential.DefaultUsername, token, null)
            : null;

    /// <summary>The host a repository of the <c>git</c> namespace is built from (<c>git/&lt;host&gt;/…</c>); null otherwise.</summary>
    public static string? HostOf(string repository)
    {
        var parts = repository.Split('/', 3);
        return parts.Length == 3 && parts[0] == Namespace ? parts[1] : null;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, host) in Hosts)
        {
            if (!Wharf.Oci.RepositoryName.TryParse($"{Namespace}/{name}/x", out _) || name.Contains('/', StringComparison.Ordinal))
            {
                yield return new ValidationResult($"GitPull:Hosts:{name}: a host name must be one lowercase repository-name component (letters, digits, '.', '-', '_')");
            }

            if (!Uri.TryCreate(host.Url, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http" or "ssh" or "git" or "file"))
            {
                yield return new ValidationResult($"GitPull:Hosts:{name}:Url must be an absolute https, http, ssh, git or file URL (got '{host.Url}')");
            }

            if (host.RepositoryDepth is < 0 or > 20)
            {
                yield return new ValidationResult($"GitPull:Hosts:{name}:RepositoryDepth must be between 0 and 20");
            }
        }
    }
}

/// <summary>One git host images may be built from.</summary>
public sealed class GitPullHost
{
    /// <summary>Where its repositories are: <c>Url + path + Suffix</c> is what git clones (<c>https://github.com/</c>).</summary>
    public string Url { get; set; } = "";

    /// <summary>Appended to a repository's URL (<c>.git</c> for hosts that need it).</summary>
    public string Suffix { get; set; } = "";

    /// <summary>How many path components name a repository (2 for GitHub-like hosts: <c>owner/repo</c>); the rest is the
    /// folder. 0: ask the host — the longest prefix <c>git ls-remote</c> accepts.</summary>
    public int RepositoryDepth { get; set; }

    /// <summary>Its repositories are private: a pull needs the pull right on the <c>git/&lt;host&gt;/…</c> repository (an
    /// organisation named <c>git</c>, or a grant). False: anyone who may pull public images may pull and build them.</summary>
    public bool Private { get; set; }

    /// <summary>The user name sent with <see cref="Token"/> (HTTP Basic); hosts that take a token as the password accept any.</summary>
    public string? Username { get; set; }

    /// <summary>A token for private repositories on an http(s) host; never logged, never shown.</summary>
    public string? Token { get; set; }
}
