using Wharf.Server.Tests.Builds;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli;

/// <summary>What <c>wharf build --server</c> cannot carry to the server is refused in one line before anything is
/// uploaded, never dropped: a build without the asked-for agent would be another build, and a server's builds are never
/// granted an entitlement. Secrets and key files the server would refuse are refused here first, by the same rules.</summary>
public sealed class BuildServerFlagsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wharf-test-server-flags-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("--allow", "--allow security.insecure cannot be used with --server: a server's builds are never granted it")]
    [InlineData("--network", "--network host cannot be used with --server: a server's builds never get the host's network")]
    [InlineData("--ssh", "--ssh default cannot be used with --server: an agent on this machine cannot reach the server's build; give key files instead (--ssh default=KEYFILE)")]
    public async Task A_flag_the_server_cannot_honour_is_refused_in_one_line(string flag, string message)
    {
        string[] value = flag switch
        {
            "--allow" => [flag, "security.insecure"],
            "--network" => [flag, "host"],
            "--ssh" => [flag, "default"],
            _ => [flag, "1g"],
        };

        var result = await WharfCli.RunAsync(
            ["build", "--server", "127.0.0.1:1", "-t", "127.0.0.1:1/team/app:1", .. value, _directory],
            new Dictionary<string, string> { ["SSH_AUTH_SOCK"] = Path.Combine(_directory, "agent.sock") }, ct: Ct);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"wharf build: {message}", result.StandardError.Trim());
    }

    [Theory]
    [InlineData("oversized", "--secret id=big,src={dir}/big: larger than 500 KiB, the most a build secret may be (BuildKit's limit too)")]
    [InlineData("missing", "--secret id=token,src={dir}/missing: {dir}/missing is not a file")]
    [InlineData("bad id", "--secret id=a/b,src={dir}/token: an id is 1 to 128 letters, digits, '_', '.' and '-', starting with a letter, a digit or '_'")]
    [InlineData("unset variable", "--secret id=token,env=WHARF_TEST_UNSET: the environment variable WHARF_TEST_UNSET is not set")]
    [InlineData("locked key", "--ssh deploy={dir}/locked has a passphrase: a build worker cannot type it (ssh-keygen -p -N '' removes it from a copy)")]
    [InlineData("not a key", "--ssh deploy={dir}/token must be a private key as ssh-keygen writes it: -----BEGIN … PRIVATE KEY----- … -----END … PRIVATE KEY-----")]
    public async Task A_secret_or_key_file_the_server_would_refuse_is_refused_here_in_one_line_naming_it(string mistake, string message)
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "token"), "s3cr3t-value", Ct);
        await File.WriteAllBytesAsync(Path.Combine(_directory, "big"), new byte[500 * 1024 + 1], Ct);
        await File.WriteAllTextAsync(Path.Combine(_directory, "locked"), await SshKeys.GenerateAsync("words", Ct), Ct);
        string[] flags = mistake switch
        {
            "oversized" => ["--secret", $"id=big,src={_directory}/big"],
            "missing" => ["--secret", $"id=token,src={_directory}/missing"],
            "bad id" => ["--secret", $"id=a/b,src={_directory}/token"],
            "unset variable" => ["--secret", "id=token,env=WHARF_TEST_UNSET"],
            "locked key" => ["--ssh", $"deploy={_directory}/locked"],
            _ => ["--ssh", $"deploy={_directory}/token"],
        };

        var result = await WharfCli.RunAsync(["build", "--server", "127.0.0.1:1", "-t", "127.0.0.1:1/team/app:1", .. flags, _directory], ct: Ct);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"wharf build: {message.Replace("{dir}", _directory, StringComparison.Ordinal)}", result.StandardError.Trim());
        Assert.DoesNotContain("s3cr3t", result.StandardError, StringComparison.Ordinal);
    }
}
