using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Build.Secrets;

namespace Wharf.Server.Builds;

/// <summary>What reaches a private git remote (decision 023): a token, sent to an http(s) remote as HTTP Basic with
/// <see cref="Username"/> (git hosts take any user name with a token as the password; <see cref="DefaultUsername"/> when
/// none is given), or an SSH private key without a passphrase for an ssh remote (its user is the URL's). Kept sealed in
/// the database as one JSON string (<see cref="Serialize"/>, <see cref="Parse"/>); <see cref="ToString"/> never shows
/// the secret. Checked when it is given (<see cref="Create"/>); <see cref="GitAccess"/> hands it to git.</summary>
public sealed record GitCredential(string? Username, string? Token, string? SshPrivateKey)
{
    /// <summary>GitHub's user name for a token (an app's installation token needs exactly it); GitLab, Gitea, Forgejo
    /// and GitHub's personal tokens take any.</summary>
    public const string DefaultUsername = "x-access-token";

    public const int MaxToken = 4096;
    public const int MaxSshKey = 16 * 1024;

    public bool IsSshKey => SshPrivateKey is not null;

    /// <summary>A checked credential for the remote <paramref name="url"/>: exactly one of a token (with an optional user
    /// name) and an SSH key, of the kind the URL's transport takes. <see cref="ArgumentException"/> with a one-line
    /// message that never quotes the secret.</summary>
    public static GitCredential Create(string? username, string? token, string? sshKey, string url)
    {
        if ((token is null) == (sshKey is null))
        {
            throw new ArgumentException("a credential is {\"token\": …, \"username\"?: …} or {\"sshKey\": …}: give one of token and sshKey");
        }

        var protocol = GitUrls.Protocol(url);
        if (token is not null)
        {
            if (protocol is not ("https" or "http"))
            {
                throw new ArgumentException($"a token is for an https:// remote; {GitUrls.Redact(url)} takes {(protocol == "ssh" ? "an sshKey" : "no credential")}");
            }

            if (token.Length is 0 or > MaxToken || token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                throw new ArgumentException($"credential.token must be 1 to {MaxToken} characters without spaces or control characters");
            }

            if (username is not null && (username.Length is 0 or > 256 || username.Contains(':', StringComparison.Ordinal) || username.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
            {
                throw new ArgumentException("credential.username must be 1 to 256 characters without ':', spaces or control characters");
            }

            return new GitCredential(username ?? DefaultUsername, token, null);
        }

        if (protocol != "ssh")
        {
            throw new ArgumentException($"an sshKey is for an ssh remote (ssh://… or user@host:path); {GitUrls.Redact(url)} takes {(protocol is "https" or "http" ? "a token" : "no credential")}");
        }

        if (username is not null)
        {
            throw new ArgumentException("credential.username goes with a token; an ssh remote's user is in its URL (git@host:path)");
        }

        return new GitCredential(null, null, SshPrivateKeys.Check(sshKey!, "credential.sshKey", MaxSshKey));
    }

    /// <summary>What a log line may say about it.</summary>
    public string Describe() => IsSshKey ? "an ssh key" : $"a token (user {Username})";

    /// <summary>The JSON kept (sealed) in the trigger's <c>credential</c> column.</summary>
    public string Serialize() => (IsSshKey
        ? new JsonObject { ["sshKey"] = SshPrivateKey }
        : new JsonObject { ["username"] = Username, ["token"] = Token }).ToJsonString();

    /// <summary>What <see cref="Serialize"/> wrote; <see cref="BuildContextException"/> for anything else.</summary>
    public static GitCredential Parse(string stored)
    {
        try
        {
            var json = JsonNode.Parse(stored)?.AsObject() ?? throw new FormatException();
            return json["sshKey"]?.GetValue<string>() is { } key
                ? new GitCredential(null, null, key)
                : new GitCredential(json["username"]?.GetValue<string>() ?? DefaultUsername, json["token"]?.GetValue<string>() ?? throw new FormatException(), null);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new BuildContextException("the trigger's stored git credential is not one this version reads: set it again");
        }
    }

    public override string ToString() => IsSshKey ? "GitCredential { SshPrivateKey = *** }" : $"GitCredential {{ Username = {Username}, Token = *** }}";
}
