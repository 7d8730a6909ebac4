using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli;

/// <summary>The README's first command is <c>./wharf</c>: the script publishes the CLI (Release, ReadyToRun) on first
/// use and after a source change, and runs it. Run here as a user would, from the repository root.</summary>
public sealed class WharfScriptTests
{
    [Fact]
    public async Task The_wharf_script_publishes_the_cli_and_runs_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("wharf-script-").FullName;
        try
        {
            var dockerfile = Path.Combine(directory, "Dockerfile");
            await File.WriteAllTextAsync(dockerfile, "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n", ct);

            var version = await ExternalTool.RunAsync("bash", [Path.Combine(SourceTree.Root, "wharf"), "--version"], workingDirectory: SourceTree.Root, timeout: TimeSpan.FromMinutes(10), ct: ct);
            var lint = await ExternalTool.RunAsync("bash", [Path.Combine(SourceTree.Root, "wharf"), "lint", dockerfile], workingDirectory: SourceTree.Root, timeout: TimeSpan.FromMinutes(10), ct: ct);

            Assert.True(version.ExitCode == 0, version.Describe());
            Assert.Matches(@"^1\.0\.0\+[0-9a-f]{40}$", version.StandardOutput.Trim());
            Assert.Equal(1, lint.ExitCode);
            Assert.Contains("Dockerfile:2 UnpinnedPackages", lint.StandardOutput, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(SourceTree.Root, "src", "Wharf.Cli", "bin", "publish", "wharf.dll")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
