using System.Text.RegularExpressions;

namespace Wharf.Build.Secrets;

/// <summary>The rules for the secrets (<c>--secret</c>, read by <c>RUN --mount=type=secret</c>) and ssh key files
/// (<c>--ssh ID=KEYFILE</c>, served by <c>RUN --mount=type=ssh</c>) of a build a server runs, kept in one place:
/// <c>wharf build --server</c> checks them before it sends anything, the builds API again when a submission arrives (from
/// any client), and the worker checks an id again before it names a file after it. Each refusal is an
/// <see cref="ArgumentException"/> whose one-line message starts with what it is about (a flag, a field) and never quotes
/// a value.</summary>
public static partial class BuildSecretRules
{
    /// <summary>BuildKit's own limit for one secret (MaxSecretSize, 500 KB): whatever buildx would send, a server build takes.</summary>
    public const int MaxSecretBytes = 500 * 1024;

    /// <summary>BuildKit reads at most this much of a key file.</summary>
    public const int MaxKeyFileBytes = 100 * 1024;

    /// <summary>All of one build's secrets and key files together: what a submission holds in memory while it is read,
    /// and about what its sealed rows take in the database every node shares (room for two of BuildKit's largest).</summary>
    public const int MaxTotalBytes = 1024 * 1024;

    /// <summary>Secret ids and ssh ids of one build, together.</summary>
    public const int MaxIds = 64;

    /// <summary>Key files under one ssh id.</summary>
    public const int MaxKeyFilesPerId = 16;

    public const string IdRule = "1 to 128 letters, digits, '_', '.' and '-', starting with a letter, a digit or '_'";

    /// <summary>Whether <paramref name="id"/> may name a secret or an ssh agent of a server build: it becomes a multipart
    /// part's name, a JSON key, a database row and words of a log line, so no spaces, slashes or control characters
    /// (BuildKit's ids in practice: <c>npmrc</c>, <c>aws</c>, <c>GIT_AUTH_TOKEN.github.com</c>, <c>default</c>).</summary>
    public static bool IsId(string id) => IdPattern().IsMatch(id);

    /// <summary><paramref name="id"/> when <see cref="IsId"/>; else the refusal, about <paramref name="what"/>.</summary>
    public static string Id(string id, string what) =>
        IsId(id) ? id : throw new ArgumentException($"{what}: an id is {IdRule}");

    /// <summary>Refuses a secret of more than <see cref="MaxSecretBytes"/>.</summary>
    public static void CheckSecretSize(long bytes, string what)
    {
        if (bytes > MaxSecretBytes)
        {
            throw new ArgumentException($"{what}: larger than {MaxSecretBytes / 1024} KiB, the most a build secret may be (BuildKit's limit too)");
        }
    }

    /// <summary>A key file's text as the worker will write it (<see cref="SshPrivateKeys.Check"/>): a private key without a
    /// passphrase, of at most <see cref="MaxKeyFileBytes"/>.</summary>
    public static string KeyFile(string text, string what) => SshPrivateKeys.Check(text, what, MaxKeyFileBytes);

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
