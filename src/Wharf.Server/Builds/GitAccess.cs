using System.Text;
using Wharf.Oci;

namespace Wharf.Server.Builds;

/// <summary>The environment one git operation runs in, and the files its credential needs while it runs (decision 023).
/// Always: transports limited to <c>Builds:GitProtocols</c> (<c>GIT_ALLOW_PROTOCOL</c>, which also covers redirects), no
/// prompt for a password, ssh in batch mode, git's messages in English. A token goes to git as configuration in the
/// environment (<c>GIT_CONFIG_COUNT</c>/<c>GIT_CONFIG_KEY_0</c>/<c>GIT_CONFIG_VALUE_0</c>): an
/// <c>http.&lt;remote&gt;.extraHeader</c> of <c>Authorization: Basic …</c> for URLs under the remote's, with redirects
/// not followed (git would carry the header to where they lead) — never in an argument, the remote's URL or
/// <c>.git/config</c>. An SSH key is written to a file of mode 0600 in a directory of
/// mode 0700 of its own, next to a known-hosts file for this operation only, named in <c>GIT_SSH_COMMAND</c>; both go
/// when this is disposed.</summary>
internal sealed class GitAccess : IDisposable
{
    private readonly string[] _secrets;

    private GitAccess(Dictionary<string, string> environment, string? directory, string[] secrets)
    {
        Environment = environment;
        KeyDirectory = directory;
        _secrets = secrets;
    }

    /// <summary>The variables to set on every git process of the operation.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The private directory holding an SSH key; null without one.</summary>
    public string? KeyDirectory { get; }

    public static GitAccess Open(string url, IReadOnlyCollection<string> protocols, GitCredential? credential)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GIT_ALLOW_PROTOCOL"] = string.Join(':', protocols),
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes",
            ["LC_ALL"] = "C",
        };
        if (credential is null)
        {
            return new GitAccess(environment, null, []);
        }

        if (credential.Token is { } token)
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{token}"));
            // git would send the header on to wherever the remote's first answer redirects it (and keep sending it
            // there): a token goes to the remote it was given for, or nowhere.
            var scope = Scope(url);
            environment["GIT_CONFIG_COUNT"] = "2";
            environment["GIT_CONFIG_KEY_0"] = $"http.{scope}.extraHeader";
            environment["GIT_CONFIG_VALUE_0"] = $"Authorization: Basic {basic}";
            environment["GIT_CONFIG_KEY_1"] = $"http.{scope}.followRedirects";
            environment["GIT_CONFIG_VALUE_1"] = "false";
            return new GitAccess(environment, null, [token, basic]);
        }

        // mkdtemp(3): a new directory of mode 0700, under a name nobody could have made first.
        var directory = Directory.CreateTempSubdirectory("wharf-git-ssh-").FullName;
        try
        {
            var key = Path.Combine(directory, "key");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            PrivateFile.Write(key, Encoding.ASCII.GetBytes(credential.SshPrivateKey!));

            var knownHosts = Path.Combine(directory, "known_hosts");
            environment["GIT_SSH_COMMAND"] =
                $"ssh -i {Quote(key)} -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=accept-new -o UserKnownHostsFile={Quote(knownHosts)}";
            return new GitAccess(environment, directory, []);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>A line of git's output with any of the credential's secrets replaced by <c>***</c> (git does not print
    /// them; this is in case a version or a remote's message ever does).</summary>
    public string Redact(string line) =>
        _secrets.Aggregate(line, (text, secret) => text.Replace(secret, "***", StringComparison.Ordinal));

    public void Dispose()
    {
        if (KeyDirectory is { } directory)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Gone already, or held open by an ssh that is still exiting: it is in the temporary directory, mode 0700.
            }
        }
    }

    /// <summary>The remote's URL without user information or a final slash: git applies the configuration to it and to
    /// the URLs under it (its info/refs and upload-pack).</summary>
    private static string Scope(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var end = url.IndexOf('/', scheme);
        var authority = end < 0 ? url[scheme..] : url[scheme..end];
        var at = authority.LastIndexOf('@');
        return (url[..scheme] + authority[(at + 1)..] + (end < 0 ? "" : url[end..])).TrimEnd('/');
    }

    /// <summary>A word for the shell that runs <c>GIT_SSH_COMMAND</c>.</summary>
    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
