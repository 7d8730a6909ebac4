using System.Security.Cryptography;
using System.Text;
using Wharf.Server.Builds;
using Wharf.Server.Tests.Build.Fidelity;
using Wharf.Server.Tests.Triggers;

namespace Wharf.Server.Tests.Builds;

/// <summary>An ssh remote reached with a trigger's key, without an sshd (none runs on a test machine): git runs the
/// ssh command Wharf gives it, and a stand-in <c>ssh</c> found first on the PATH records what it was given — its
/// arguments, the key file's and its directory's modes, the key's bytes — then plays the remote by running git's
/// upload-pack command locally, as sshd would on the far side. So the fetch really happens through that command, and
/// afterwards the key's directory is gone.</summary>
[Collection(nameof(SshOnPath))]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class GitSshKeyTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wharf-test-ssh-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Git_is_given_the_key_in_a_private_file_for_the_run_and_the_file_is_gone_afterwards()
    {
        var repository = new TestGitRepository(Path.Combine(_directory, "remote", "app"));
        var commit = await repository.CommitAsync("over ssh [skip build]", ("Dockerfile", "FROM scratch"));
        var key = await SshKeys.GenerateAsync(passphrase: null, Ct);
        var credential = GitCredential.Create(null, null, key, $"ssh://git@git.example.invalid{repository.Directory}");
        var url = $"ssh://git@git.example.invalid{repository.Directory}";
        var calls = Path.Combine(_directory, "ssh-calls");
        var log = new StringBuildLog();

        IReadOnlyDictionary<string, string> refs;
        GitCheckout checkout;
        var path = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", $"{StandInSsh(calls)}:{path}");
        try
        {
            refs = await GitContextFetcher.ListRefsAsync(url, ["ssh"], credential, Ct);
            checkout = await GitContextFetcher.FetchAsync(new Wharf.Registry.Builds.GitContext(url, "main", null), Directory.CreateDirectory(Path.Combine(_directory, "context")).FullName, ["ssh"], credential, log, Ct);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }

        Assert.Equal(commit, refs["refs/heads/main"]);
        Assert.Equal((commit, "over ssh [skip build]"), (checkout.Commit, checkout.Message));
        Assert.Equal("FROM scratch", await File.ReadAllTextAsync(Path.Combine(_directory, "context", "Dockerfile"), Ct));
        Assert.Contains($"fetching {GitUrls.Redact(url)} at main with an ssh key", log.ToString(), StringComparison.Ordinal);
        var recorded = (await File.ReadAllLinesAsync(calls, Ct)).Select(l => l.Split(' ', 2)).Select(p => (Name: p[0], Value: p[1])).ToList();
        var runs = recorded.Where(r => r.Name == "command").Select(r => r.Value).ToList();
        Assert.True(runs.Count >= 2, string.Join('\n', recorded)); // ls-remote, then the fetch
        foreach (var command in runs)
        {
            var file = Assert.Single(recorded.Where(r => r.Name == "key").Select(r => r.Value).Distinct(), command.Contains);
            var directory = Path.GetDirectoryName(file)!;
            Assert.Equal($"ssh -i '{file}' -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=accept-new -o UserKnownHostsFile='{directory}/known_hosts'", command);
            Assert.False(Directory.Exists(directory), $"{directory} is left behind");
        }

        Assert.All(recorded.Where(r => r.Name == "key-mode"), r => Assert.Equal("600", r.Value));
        Assert.All(recorded.Where(r => r.Name == "directory-mode"), r => Assert.Equal("700", r.Value));
        Assert.All(recorded.Where(r => r.Name == "key-sha256"), r => Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(key))), r.Value));
        Assert.Contains(recorded, r => r.Name == "host" && r.Value == "git@git.example.invalid");
        Assert.DoesNotContain(recorded, r => r.Value.Contains("PRIVATE KEY", StringComparison.Ordinal));
    }

    /// <summary>A directory with an executable <c>ssh</c> that appends what it sees to <paramref name="calls"/> and then
    /// runs its last argument (git's <c>git-upload-pack '/path'</c>) here.</summary>
    private string StandInSsh(string calls)
    {
        var bin = Directory.CreateDirectory(Path.Combine(_directory, "bin")).FullName;
        var script = Path.Combine(bin, "ssh");
        File.WriteAllText(script, $$"""
            #!/bin/sh
            log='{{calls}}'
            key=''; previous=''; host=''
            for argument in "$@"; do
              if [ "$previous" = -i ]; then key="$argument"; fi
              case "$argument" in *@*) host="$argument" ;; esac
              previous="$argument"
            done
            {
              printf 'command %s\n' "$GIT_SSH_COMMAND"
              printf 'key %s\n' "$key"
              printf 'key-mode %s\n' "$(stat -c %a "$key")"
              printf 'directory-mode %s\n' "$(stat -c %a "$(dirname "$key")")"
              printf 'key-sha256 %s\n' "$(sha256sum < "$key" | cut -d ' ' -f 1)"
              printf 'host %s\n' "$host"
            } >> "$log"
            for last; do :; done
            exec sh -c "$last"

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return bin;
    }
}
