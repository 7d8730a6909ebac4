namespace Wharf.Server.Tests.Builds;

/// <summary>SSH private keys made by the real ssh-keygen for a test, as a user would make a deploy key.</summary>
internal static class SshKeys
{
    /// <summary>A new ed25519 key in OpenSSH's format, protected by <paramref name="passphrase"/> when given.</summary>
    public static async Task<string> GenerateAsync(string? passphrase, CancellationToken ct)
    {
        var directory = Directory.CreateTempSubdirectory("wharf-test-sshkey-").FullName;
        try
        {
            var path = Path.Combine(directory, "key");
            (await ExternalTool.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", passphrase ?? "", "-C", "wharf-test", "-f", path], ct: ct)).EnsureSuccess();
            return await File.ReadAllTextAsync(path, ct);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
