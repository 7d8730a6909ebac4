using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli;

/// <summary>What <c>wharf build --server</c> cannot carry to the server is refused in one line before anything is
/// uploaded, never dropped: a build without the asked-for secret or agent would be another build, and a server's
/// builds are never granted an entitlement.</summary>
public sealed class BuildServerFlagsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wharf-test-server-flags-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("--secret", "--secret cannot be used with --server yet: the server's builds take no secrets")]
    [InlineData("--allow", "--allow security.insecure cannot be used with --server: a server's builds are never granted it")]
    [InlineData("--network", "--network host cannot be used with --server: a server's builds never get the host's network")]
    public async Task A_flag_the_server_cannot_honour_is_refused_in_one_line(string flag, string message)
    {
        var secret = Path.Combine(_directory, "secret.txt");
        await File.WriteAllTextAsync(secret, "s3cret", TestContext.Current.CancellationToken);
        string[] value = flag switch
        {
            "--secret" => [flag, $"id=token,src={secret}"],
            "--allow" => [flag, "security.insecure"],
            "--network" => [flag, "host"],
            _ => [flag, "1g"],
        };

        var result = await WharfCli.RunAsync(
            ["build", "--server", "127.0.0.1:1", "-t", "127.0.0.1:1/team/app:1", .. value, _directory], ct: TestContext.Current.CancellationToken);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"wharf build: {message}", result.StandardError.Trim());
    }
}
