using System.Diagnostics;
using Wharf.Server.Tests.Triggers;

namespace Wharf.Server.Tests.Infrastructure;

/// <summary>The loopback git host the automated-build tests stand on: the real git CLI clones from it, and with a
/// password it refuses a clone without one.</summary>
public sealed class GitHttpServerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-test-githttp-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Git_clones_a_repository_over_smart_http()
    {
        var repository = new TestGitRepository(Path.Combine(_root, "team", "app"));
        var commit = await repository.CommitAsync("first", ("Dockerfile", "FROM scratch"));
        await using var server = await GitHttpServer.StartAsync(_root);

        var (exit, output, error) = await GitAsync("ls-remote", server.RepositoryUrl("team/app"));
        Assert.True(exit == 0, error);
        Assert.Contains($"{commit}\trefs/heads/main", output);

        var clone = Path.Combine(_root, "clone");
        (exit, _, error) = await GitAsync("clone", "-q", server.RepositoryUrl("team/app"), clone);
        Assert.True(exit == 0, error);
        Assert.Equal("FROM scratch", await File.ReadAllTextAsync(Path.Combine(clone, "Dockerfile"), Ct));
    }

    [Fact]
    public async Task With_a_password_a_request_without_it_is_refused()
    {
        var repository = new TestGitRepository(Path.Combine(_root, "private"));
        var commit = await repository.CommitAsync("first");
        await using var server = await GitHttpServer.StartAsync(_root, password: "s3cret");

        var (exit, _, error) = await GitAsync("ls-remote", server.RepositoryUrl("private"));
        Assert.NotEqual(0, exit);
        Assert.Contains("could not read Username", error); // the 401 made git ask, and it may not prompt

        var withToken = new UriBuilder(server.RepositoryUrl("private")) { UserName = "x-token", Password = "s3cret" }.Uri.ToString();
        (exit, var output, error) = await GitAsync("ls-remote", withToken);
        Assert.True(exit == 0, error);
        Assert.Contains(commit, output);
    }

    private static async Task<(int Exit, string Output, string Error)> GitAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = await process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output, error);
    }
}
