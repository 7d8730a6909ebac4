using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli;

/// <summary>The bash completion script, run in a real bash against the real wharf (which hands the server commands'
/// completion to wharf-server, as it hands them over to run).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CompletionCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("wharf c", "catalog completion copy")]
    [InlineData("wharf copy --pl", "--platform")]
    [InlineData("wharf login --pass", "--password --password-stdin")]
    [InlineData("wharf serve --tls-s", "--tls-self-signed")] // a server command's options: wharf-server answers
    [InlineData("wharf builder p", "prune")]
    [InlineData("wharf builds r", "retry")]
    [InlineData("wharf trigger cr", "create credential")]
    [InlineData("wharf trigger create --git-", "--git-ssh-key --git-token-file --git-username")]
    [InlineData("wharf trigger credential s", "set")]
    public async Task Bash_completes_commands_and_options(string line, string expected)
    {
        var dll = await WharfProcess.EnsureCliBuiltAsync(Ct);
        var bin = Directory.CreateTempSubdirectory("wharf-completion-").FullName;
        try
        {
            var shim = Path.Combine(bin, "wharf");
            await File.WriteAllTextAsync(shim, $"#!/bin/sh\nexec dotnet '{dll}' \"$@\"\n", Ct);
            File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var script = $"""
                source <(wharf completion bash)
                COMP_LINE='{line}'; COMP_POINT=${"{#COMP_LINE}"}
                read -ra COMP_WORDS <<< "$COMP_LINE"; COMP_CWORD=$(( ${"{#COMP_WORDS[@]}"} - 1 ))
                _wharf_complete
                echo "${"{COMPREPLY[*]}"}"
                """;

            var result = await ExternalTool.RunAsync("bash", ["-c", script], new Dictionary<string, string> { ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}" }, ct: Ct);

            Assert.True(result.ExitCode == 0, result.Describe());
            Assert.Equal(expected, string.Join(' ', result.StandardOutput.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)));
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }
}
