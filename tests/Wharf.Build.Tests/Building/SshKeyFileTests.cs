using Tool = Wharf.TestKit.ExternalTool;

namespace Wharf.Build.Tests.Building;

/// <summary><c>wharf build --ssh ID=KEYFILE</c>, as buildx takes key files: the build loads them into an ssh-agent of
/// its own, which a <c>RUN --mount=type=ssh</c> reaches (the host's ssh-add inside the step lists the key) and which
/// is gone when the build ends, however it ends; a key with a passphrase fails in one line, never asking.</summary>
public sealed class SshKeyFileTests : IDisposable
{
    private readonly BuildWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task A_step_lists_the_key_files_fingerprint_and_no_agent_outlives_the_build()
    {
        var key = await NewKeyAsync("deploy_key", passphrase: "");
        Wharf.Build.Native.LinuxFiles.Chmod(key, 0b110_100_100); // readable by others: ssh-add alone would refuse it, buildx does not
        var context = _workspace.Context("ssh-keys", BuildWorkspace.BusyboxStage + """

            COPY sshroot/ /
            RUN --mount=type=ssh ssh-add -l > /default-keys
            RUN --mount=type=ssh,id=deploy ssh-add -l > /deploy-keys
            """);
        await TestSshAgent.CopySshAddAsync(Path.Combine(context, "sshroot"));
        var fingerprint = (await Tool.RunAsync("ssh-keygen", ["-l", "-f", key], ct: TestContext.Current.CancellationToken)).EnsureSuccess().StandardOutput;

        var (result, _) = await _workspace.BuildAsync(context, r => r with
        {
            SshKeys = new Dictionary<string, IReadOnlyList<string>> { ["default"] = [key], ["deploy"] = [key] },
        });

        Assert.Contains("wharf-key-test", fingerprint, StringComparison.Ordinal);
        Assert.Equal(fingerprint, await RunStepTests.ReadFileAsync(result, "default-keys"));
        Assert.Equal(fingerprint, await RunStepTests.ReadFileAsync(result, "deploy-keys"));
        Assert.Empty(AgentsUnder(_workspace.StateDirectory));
    }

    [Fact]
    public async Task A_key_with_a_passphrase_fails_in_one_line_without_asking()
    {
        var key = await NewKeyAsync("locked_key", passphrase: "secret words");
        var context = _workspace.Context("ssh-locked", BuildWorkspace.BusyboxStage + "\nRUN --mount=type=ssh true\n");

        var failure = await Assert.ThrowsAsync<BuildFailedException>(() => _workspace.BuildAsync(context, r => r with
        {
            SshKeys = new Dictionary<string, IReadOnlyList<string>> { ["default"] = [key] },
        }));

        Assert.Equal(
            $"--ssh default={key}: the key is protected by a passphrase, which a build cannot ask for: add it to an ssh-agent and give --ssh default=SOCKET",
            failure.Message);
        Assert.Empty(AgentsUnder(_workspace.StateDirectory));
    }

    [Fact]
    public async Task A_build_that_fails_after_loading_the_keys_stops_their_agent()
    {
        var key = await NewKeyAsync("deploy_key", passphrase: "");
        var context = _workspace.Context("ssh-fails", BuildWorkspace.BusyboxStage + "\nRUN --mount=type=ssh false\n");

        await Assert.ThrowsAsync<BuildFailedException>(() => _workspace.BuildAsync(context, r => r with
        {
            SshKeys = new Dictionary<string, IReadOnlyList<string>> { ["default"] = [key] },
        }));

        Assert.Empty(AgentsUnder(_workspace.StateDirectory));
    }

    private async Task<string> NewKeyAsync(string name, string passphrase)
    {
        var key = Path.Combine(Directory.CreateDirectory(Path.Combine(_workspace.Root, "keys")).FullName, name);
        (await Tool.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", passphrase, "-C", "wharf-key-test", "-f", key])).EnsureSuccess();
        return key;
    }

    /// <summary>The ssh-agent processes a build started: their socket is under the state directory, or in a temporary
    /// directory of their own when that path is too long for a socket.</summary>
    private static List<string> AgentsUnder(string directory) =>
    [
        .. Directory.EnumerateDirectories("/proc")
            .Select(p => Path.Combine(p, "cmdline"))
            .Select(f =>
            {
                try
                {
                    return File.ReadAllText(f).Replace('\0', ' ');
                }
                catch (IOException)
                {
                    return "";
                }
            })
            .Where(c => c.StartsWith("ssh-agent", StringComparison.Ordinal)
                && (c.Contains(directory, StringComparison.Ordinal) || c.Contains("/wharf-ssh-", StringComparison.Ordinal))),
    ];
}
