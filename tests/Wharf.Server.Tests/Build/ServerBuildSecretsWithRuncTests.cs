using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Server.Builds;
using Wharf.Server.Tests.Api.Accounts;
using Wharf.Server.Tests.Builds;
using Wharf.Server.Tests.Infrastructure;
using Wharf.TestKit.Images;

namespace Wharf.Server.Tests.Build;

/// <summary><c>wharf build --server --secret</c> and <c>--ssh ID=KEYFILE</c> against a server whose workers run the real
/// runc builder: a <c>RUN --mount=type=secret</c> step reads the secret (the image keeps only its hash, the digest a
/// local build of the same context and secrets gives), a <c>RUN --mount=type=ssh</c> step reaches an agent holding the
/// key file; no layer, config, history, log line (a value a step prints is masked) or table keeps a value once the build
/// has ended, whether it succeeded, failed or was cancelled.</summary>
public sealed class ServerBuildSecretsWithRuncTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wharf-test-server-secrets-").FullName;
    private readonly string _value = $"s3cr3t-{Guid.NewGuid():N}";
    private readonly string _environmentValue = $"env-s3cr3t-{Guid.NewGuid():N}";
    private BuildsServer? _server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private BuildsServer Server => _server!;

    private string Host => Server.Api.Server.BaseAddress.Authority;

    public async ValueTask InitializeAsync() => _server = await BuildsServer.StartAsync(runcBuilder: true);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_secret_reaches_its_step_on_the_server_and_nothing_keeps_it()
    {
        var alice = await Server.Api.NewUserAsync("alice");
        var secret = Path.Combine(_directory, "token.txt");
        await File.WriteAllTextAsync(secret, _value, Ct);
        var context = BusyboxImage.CreateContext(Path.Combine(_directory, "context"), BusyboxImage.BaseDockerfile + """

            RUN --mount=type=secret,id=token sha256sum /run/secrets/token | cut -d' ' -f1 > /token.sha256
            RUN --mount=type=secret,id=npmrc,target=/root/.npmrc sha256sum /root/.npmrc | cut -d' ' -f1 > /npmrc.sha256
            RUN --mount=type=secret,id=token echo "printed by mistake: $(cat /run/secrets/token)"
            """);
        string[] secrets = ["--secret", $"id=token,src={secret}", "--secret", "id=npmrc,env=WHARF_TEST_NPMRC"];
        var environment = Environment(alice);

        var remote = await WharfCli.RunAsync(["build", "--server", Host, "-t", $"{Host}/{alice.Name}/app:1", .. secrets, context], environment, ct: Ct);
        var local = await WharfCli.RunAsync(["build", "--state", Path.Combine(_directory, "local-state"), .. secrets, context], environment, ct: Ct);

        Assert.True(remote.ExitCode == 0, remote.Describe());
        Assert.True(local.ExitCode == 0, local.Describe());
        Assert.Equal(local.StandardOutput.Trim(), remote.StandardOutput.Trim()); // the same build, run by the server
        var (files, everything) = await PushedImage.ReadWholeAsync(Server.Api.Server.Services, $"{alice.Name}/app", "1");
        Assert.Equal(Sha256(_value) + "\n", files["token.sha256"]);
        Assert.Equal(Sha256(_environmentValue) + "\n", files["npmrc.sha256"]);
        Assert.DoesNotContain(files.Keys, f => f.StartsWith("run/secrets", StringComparison.Ordinal) || f.StartsWith("root/.npmrc", StringComparison.Ordinal));
        var id = BuildIdIn(remote.StandardError);
        var build = await Server.GetAsync(alice, id);
        Assert.Equal(["npmrc", "token"], build["secretIds"]!.AsArray().Select(i => i!.GetValue<string>()));
        var log = await Server.LogAsync(alice, id);
        foreach (var value in new[] { _value, _environmentValue })
        {
            Assert.DoesNotContain(value, everything, StringComparison.Ordinal);
            Assert.DoesNotContain(value, remote.StandardError + remote.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain(value, log + build.ToJsonString(), StringComparison.Ordinal);
        }

        Assert.Contains("printed by mistake: ****\n", log, StringComparison.Ordinal); // masked, as CI services mask theirs
        Assert.Equal(0, await Server.SealedSecretsAsync(id));
        Assert.Empty(SecretDirectoriesLeft());
    }

    [Fact]
    public async Task A_failed_or_cancelled_build_on_the_server_leaves_no_secret_behind()
    {
        var alice = await Server.Api.NewUserAsync("alice");
        var secret = Path.Combine(_directory, "token.txt");
        await File.WriteAllTextAsync(secret, _value, Ct);
        var failing = BusyboxImage.CreateContext(Path.Combine(_directory, "failing"), BusyboxImage.BaseDockerfile + """

            RUN --mount=type=secret,id=token test "$(cat /run/secrets/token)" = "not it"
            """);
        var unknown = BusyboxImage.CreateContext(Path.Combine(_directory, "unknown"), BusyboxImage.BaseDockerfile + """

            RUN --mount=type=secret,id=other,required=true cat /run/secrets/other
            """);
        var slow = BusyboxImage.CreateContext(Path.Combine(_directory, "slow"), BusyboxImage.BaseDockerfile + """

            RUN --mount=type=secret,id=token echo started && sleep 120
            """);

        var failed = await WharfCli.RunAsync(
            ["build", "--server", Host, "-t", $"{Host}/{alice.Name}/app:1", "--secret", $"id=token,src={secret}", failing], Environment(alice), ct: Ct);
        var missing = await WharfCli.RunAsync(
            ["build", "--server", Host, "-t", $"{Host}/{alice.Name}/app:2", "--secret", $"id=token,src={secret}", unknown], Environment(alice), ct: Ct);
        var output = new StringBuilder();
        using var running = await WharfCli.StartAsync(
            ["build", "--server", Host, "-t", $"{Host}/{alice.Name}/app:3", "--secret", $"id=token,src={secret}", slow], Environment(alice), output, Ct);
        var cancelled = await WaitForLineAsync(output, "started");
        var sealedWhileRunning = await Server.SealedSecretsAsync(cancelled);
        await Server.Api.JsonAsync(HttpMethod.Post, $"/api/v1/builds/{cancelled}/cancel", alice, null);
        await running.WaitForExitAsync(Ct);

        Assert.Equal(1, failed.ExitCode);
        Assert.Matches("^wharf build: build [0-9]+ failed: Dockerfile:4: RUN: the command .* exited with code 1$", failed.StandardError.Trim().Split('\n')[^1]);
        Assert.Equal(1, missing.ExitCode);
        Assert.Matches(
            "^wharf build: build [0-9]+ failed: Dockerfile:4: RUN: secret other is required but was not given \\(--secret id=other,src=FILE\\)$",
            missing.StandardError.Trim().Split('\n')[^1]);
        Assert.Equal(1, sealedWhileRunning);
        Assert.Equal(1, running.ExitCode);
        Assert.Equal("cancelled", (await Server.WaitAsync(alice, cancelled))["state"]!.GetValue<string>());
        foreach (var id in new[] { BuildIdIn(failed.StandardError), BuildIdIn(missing.StandardError), cancelled })
        {
            Assert.Equal(0, await Server.SealedSecretsAsync(id));
            Assert.DoesNotContain(_value, await Server.LogAsync(alice, id), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(_value, failed.StandardError + missing.StandardError + output, StringComparison.Ordinal);
        Assert.Empty(SecretDirectoriesLeft());
    }

    [Fact]
    public async Task An_ssh_key_file_reaches_a_step_on_the_server_through_an_agent()
    {
        var alice = await Server.Api.NewUserAsync("alice");
        var key = Path.Combine(_directory, "deploy_key");
        (await ExternalTool.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "wharf-server-key", "-f", key], ct: Ct)).EnsureSuccess();
        var fingerprint = (await ExternalTool.RunAsync("ssh-keygen", ["-l", "-f", key], ct: Ct)).EnsureSuccess().StandardOutput;
        var context = BusyboxImage.CreateContext(Path.Combine(_directory, "ssh"), BusyboxImage.BaseDockerfile + """

            COPY sshroot/ /
            RUN --mount=type=ssh,id=deploy ssh-add -l > /deploy-keys
            """);
        await HostExecutable.CopyWithLibrariesAsync("ssh-add", Path.Combine(context, "sshroot"));

        var result = await WharfCli.RunAsync(
            ["build", "--server", Host, "-t", $"{Host}/{alice.Name}/app:ssh", "--ssh", $"deploy={key}", context], Environment(alice), ct: Ct);

        Assert.True(result.ExitCode == 0, result.Describe());
        var (files, everything) = await PushedImage.ReadWholeAsync(Server.Api.Server.Services, $"{alice.Name}/app", "ssh");
        Assert.Contains("wharf-server-key", fingerprint, StringComparison.Ordinal);
        Assert.Equal(fingerprint, files["deploy-keys"]);
        // Not "PRIVATE KEY": the libcrypto ssh-add needs says that; the key's own lines.
        foreach (var line in (await File.ReadAllLinesAsync(key, Ct))[1..^1])
        {
            Assert.DoesNotContain(line, everything + result.StandardError, StringComparison.Ordinal);
        }

        var id = BuildIdIn(result.StandardError);
        Assert.Equal(["deploy"], (await Server.GetAsync(alice, id))["sshIds"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Equal(0, await Server.SealedSecretsAsync(id));
        Assert.Empty(SecretDirectoriesLeft());
    }

    /// <summary>The user's login for this server (a docker config) and the variable an <c>env=</c> secret is read from.</summary>
    private Dictionary<string, string> Environment(ApiLogin who)
    {
        var config = Directory.CreateDirectory(Path.Combine(_directory, $"docker-config-{who.Name}")).FullName;
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{who.Name}:{who.Secret}"));
        File.WriteAllText(Path.Combine(config, "config.json"), System.Text.Json.JsonSerializer.Serialize(new { auths = new Dictionary<string, object> { [Host] = new { auth } } }));
        return new Dictionary<string, string> { ["DOCKER_CONFIG"] = config, ["WHARF_TEST_NPMRC"] = _environmentValue };
    }

    /// <summary>The secret directories of the workers' scratch space: none once builds have ended.</summary>
    private List<string> SecretDirectoriesLeft()
    {
        var contexts = Path.Combine(Server.Api.Server.Services.GetRequiredService<BuildWorkerSettings>().Directory, "contexts");
        return Directory.Exists(contexts) ? [.. Directory.EnumerateDirectories(contexts, "secrets", SearchOption.AllDirectories)] : [];
    }

    /// <summary>Waits until the followed log shows <paramref name="line"/>; the id of the build it follows.</summary>
    private static async Task<long> WaitForLineAsync(StringBuilder output, string line)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        while (true)
        {
            string text;
            lock (output)
            {
                text = output.ToString();
            }

            if (text.Split('\n').Any(l => l.Trim() == line))
            {
                return BuildIdIn(text);
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private static long BuildIdIn(string standardError) =>
        long.Parse(System.Text.RegularExpressions.Regex.Match(standardError, "build ([0-9]+) queued on").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
