namespace Wharf.Build.Tests.Building;

/// <summary>RUN --mount=type=ssh with a real ssh-agent: the host's ssh-add inside the step lists the agent's key
/// through /run/buildkit/ssh_agent.N with SSH_AUTH_SOCK set, the socket's owner and mode are the mount's, a non-root
/// user given the socket reaches it, and nothing of it reaches a layer.</summary>
public sealed class SshMountTests : IAsyncLifetime
{
    private readonly BuildWorkspace _workspace = new();
    private TestSshAgent? _agent;

    private TestSshAgent Agent => _agent ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync() =>
        _agent = await TestSshAgent.StartAsync(Directory.CreateDirectory(Path.Combine(_workspace.Root, "agent")).FullName);

    public ValueTask DisposeAsync()
    {
        _agent?.Dispose();
        _workspace.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_step_reaches_the_agent_with_the_mounts_owner_and_mode_and_the_layer_keeps_nothing_of_it()
    {
        var context = _workspace.Context("ssh", BuildWorkspace.BusyboxStage + """

            COPY sshroot/ /
            RUN mkdir /out && chmod 777 /out && echo "root:x:0:0::/root:/bin/sh" > /etc/passwd && echo "u:x:1000:1000::/out:/bin/sh" >> /etc/passwd
            RUN --mount=type=ssh ssh-add -l > /out/keys && echo "$SSH_AUTH_SOCK" > /out/sock && stat -c '%u:%g:%a' "$SSH_AUTH_SOCK" > /out/mode
            RUN --mount=type=ssh,id=deploy,target=/tmp/agent,uid=1000,mode=0660 stat -c '%u:%g:%a' /tmp/agent > /out/mode2 && echo "$SSH_AUTH_SOCK" > /out/sock2
            USER 1000
            RUN --mount=type=ssh,uid=1000 ssh-add -l > /out/user-keys
            RUN --mount=type=ssh,id=absent (test -e /run/buildkit/ssh_agent.0 || echo no-socket) > /out/absent
            """);
        await TestSshAgent.CopySshAddAsync(Path.Combine(context, "sshroot"));

        var (result, _) = await _workspace.BuildAsync(context, r => r with
        {
            SshAgents = new Dictionary<string, string> { ["default"] = Agent.Socket, ["deploy"] = Agent.Socket },
        });

        Assert.Contains("wharf-test-key", Agent.Listing, StringComparison.Ordinal);
        Assert.Equal(Agent.Listing, await RunStepTests.ReadFileAsync(result, "out/keys"));
        Assert.Equal("/run/buildkit/ssh_agent.0\n", await RunStepTests.ReadFileAsync(result, "out/sock"));
        Assert.Equal("0:0:600\n", await RunStepTests.ReadFileAsync(result, "out/mode"));
        Assert.Equal("1000:0:660\n", await RunStepTests.ReadFileAsync(result, "out/mode2"));
        Assert.Equal("/tmp/agent\n", await RunStepTests.ReadFileAsync(result, "out/sock2"));
        Assert.Equal(Agent.Listing, await RunStepTests.ReadFileAsync(result, "out/user-keys"));
        Assert.Equal("no-socket\n", await RunStepTests.ReadFileAsync(result, "out/absent"));
        var tree = await ImageTree.ReadAsync(result.Image);
        Assert.DoesNotContain(tree.Files.Keys, k => k.StartsWith("run", StringComparison.Ordinal) || k.StartsWith("tmp", StringComparison.Ordinal));
        Assert.DoesNotContain(tree.Config.Config?.Env ?? [], e => e.StartsWith("SSH_AUTH_SOCK", StringComparison.Ordinal));
        Assert.DoesNotContain(tree.Config.History!, h => h.CreatedBy?.Contains(Agent.Socket, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_required_agent_that_was_not_given_fails_naming_it()
    {
        var context = _workspace.Context("ssh-required", "FROM scratch\nRUN --mount=type=ssh,id=deploy,required=true true\n");

        var failure = await Assert.ThrowsAsync<BuildFailedException>(() => _workspace.BuildAsync(context));

        Assert.Equal("Dockerfile:2: RUN: ssh agent deploy is required but was not given (wharf build --ssh deploy)", failure.Message);
    }

    [Fact]
    public void The_ssh_option_takes_the_environments_agent_a_socket_or_key_files_and_refuses_mixing_them()
    {
        var key = Path.Combine(_workspace.Root, "agent", "id_ed25519");
        var link = Path.Combine(_workspace.Root, "agent", "link.sock");
        File.CreateSymbolicLink(link, Agent.Socket);

        var forwards = SshAgentOption.Parse(["default", $"deploy={Agent.Socket}", $"keys={key},{key}.pub", $"linked={link}", "later", $"later={key}"], Agent.Socket);

        Assert.Equal(new Dictionary<string, string> { ["default"] = Agent.Socket, ["deploy"] = Agent.Socket, ["linked"] = link }, forwards.Agents);
        Assert.Equal(["keys", "later"], forwards.KeyFiles.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([key, key + ".pub"], forwards.KeyFiles["keys"]);
        Assert.Equal([key], forwards.KeyFiles["later"]);
        Assert.Equal("--ssh default: SSH_AUTH_SOCK is not set; start ssh-agent, or give ID=SOCKET or ID=KEYFILE",
            Assert.Throws<ArgumentException>(() => SshAgentOption.Parse(["default"], null)).Message);
        Assert.Equal($"--ssh deploy={Agent.Socket},{key}: an agent socket cannot be given with key files",
            Assert.Throws<ArgumentException>(() => SshAgentOption.Parse([$"deploy={Agent.Socket},{key}"], null)).Message);
        Assert.Equal($"--ssh deploy={Agent.Socket},{link}: only one agent socket is allowed per id",
            Assert.Throws<ArgumentException>(() => SshAgentOption.Parse([$"deploy={Agent.Socket},{link}"], null)).Message);
        Assert.Equal("--ssh deploy=/no/such/key: /no/such/key is neither an ssh-agent socket nor a key file",
            Assert.Throws<ArgumentException>(() => SshAgentOption.Parse(["deploy=/no/such/key"], null)).Message);
    }
}
