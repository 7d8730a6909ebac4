using System.Diagnostics;

namespace Wharf.Server.Tests.Triggers;

/// <summary>A git repository in a temporary directory, reached by the test server as a <c>file://</c> remote: commits,
/// tags and branches made with the real git CLI.</summary>
internal sealed class TestGitRepository : IDisposable
{
    public TestGitRepository() => Directory = System.IO.Directory.CreateTempSubdirectory("wharf-test-trigger-git-").FullName;

    /// <summary>A repository at <paramref name="directory"/> (made if missing), e.g. under a <c>GitHttpServer</c>'s root.</summary>
    public TestGitRepository(string directory) => Directory = System.IO.Directory.CreateDirectory(directory).FullName;

    public string Directory { get; }

    public string Url => $"file://{Directory}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    /// <summary>Writes the files and commits them (on branch main in a new repository); returns the commit id.</summary>
    public async Task<string> CommitAsync(string message, params (string Path, string Content)[] files)
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, ".git")))
        {
            await GitAsync("init", "-q", "-b", "main");
        }

        foreach (var (path, content) in files)
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(Directory, path))!);
            await File.WriteAllTextAsync(Path.Combine(Directory, path), content, Ct);
        }

        await GitAsync("add", "-A");
        await GitAsync("-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit", "-q", "--allow-empty", "-m", message);
        return (await GitAsync("rev-parse", "HEAD")).Trim();
    }

    public async Task<string> GitAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = await process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', arguments)}: {error}");
        return await output;
    }
}
