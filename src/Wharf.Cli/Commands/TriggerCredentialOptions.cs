using System.CommandLine;
using System.Text.Json.Nodes;

namespace Wharf.Cli.Commands;

/// <summary>The options that give a trigger its credential for a private remote, read from a file or standard input
/// (<c>-</c>), never from the command line (which shell history and <c>ps</c> keep): <c>--git-token-file</c> with an
/// optional <c>--git-username</c> for an https remote, or <c>--git-ssh-key</c> for an ssh remote. The server checks the
/// rest and keeps it sealed; it is never shown again.</summary>
internal sealed class TriggerCredentialOptions
{
    /// <summary>Far more than any token or key: a guard against naming the wrong file.</summary>
    private const long MaxFileSize = 64 * 1024;

    public Option<string?> TokenFile { get; } = new("--git-token-file")
    {
        Description = "A file holding a token for the https remote (a deploy or access token), or - for standard input.",
        HelpName = "FILE",
    };

    public Option<string?> Username { get; } = new("--git-username")
    {
        Description = "The user name sent with the token (default x-access-token; git hosts take any with a token).",
        HelpName = "NAME",
    };

    public Option<string?> SshKeyFile { get; } = new("--git-ssh-key")
    {
        Description = "A file holding an SSH private key without a passphrase for the ssh remote (a deploy key), or - for standard input.",
        HelpName = "FILE",
    };

    public IEnumerable<Symbol> Symbols => [TokenFile, Username, SshKeyFile];

    /// <summary>Refuses a token and a key together, and a user name without a token.</summary>
    public void Validate(Command command) => command.Validators.Add(r =>
    {
        if (r.GetValue(TokenFile) is not null && r.GetValue(SshKeyFile) is not null)
        {
            r.AddError("--git-token-file and --git-ssh-key: give one");
        }
        else if (r.GetValue(Username) is not null && r.GetValue(TokenFile) is null)
        {
            r.AddError("--git-username goes with --git-token-file");
        }
    });

    /// <summary>The credential as the API takes it; null when none of the options was given.</summary>
    public async Task<JsonObject?> ReadAsync(ParseResult result, CancellationToken ct)
    {
        if (result.GetValue(TokenFile) is { } tokenFile)
        {
            var token = (await ReadFileAsync(tokenFile, "--git-token-file", ct)).Trim();
            return new JsonObject { ["token"] = token, ["username"] = result.GetValue(Username) };
        }

        return result.GetValue(SshKeyFile) is { } keyFile ? new JsonObject { ["sshKey"] = await ReadFileAsync(keyFile, "--git-ssh-key", ct) } : null;
    }

    private static async Task<string> ReadFileAsync(string path, string option, CancellationToken ct)
    {
        if (path == "-")
        {
            return await Console.In.ReadToEndAsync(ct) is { Length: > 0 } input ? input : throw new ArgumentException($"{option} -: standard input was empty");
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new ArgumentException($"{option} {path}: no such file");
        }

        return info.Length > MaxFileSize
            ? throw new ArgumentException($"{option} {path} is {info.Length} bytes: not a token or a key")
            : await File.ReadAllTextAsync(path, ct);
    }
}
