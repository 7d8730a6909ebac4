using System.Diagnostics;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli;

/// <summary><c>wharf serve</c> with bad configuration: one clear line on stderr and a non-zero exit, never a stack trace;
/// its help (wharf-server's) names the command the user typed.</summary>
public sealed class ServeCommandTests
{
    public static TheoryData<string[], string, string> BadConfigurations() => new()
    {
        { ["--config", "/nonexistent/wharf.json"], "", "was not found" },
        { [], "s4", "Backend" },
        { ["--tls-cert", "/nonexistent/cert.pem"], "", "go together" },
        { ["--tls-cert", "/nonexistent/cert.pem", "--tls-key", "/nonexistent/key.pem"], "", "cannot read the TLS certificate /nonexistent/cert.pem" },
        { ["--tls-self-signed", "--tls-name", "not a name"], "", "'not a name' is neither a host name nor an IP address" },
    };

    [Theory]
    [MemberData(nameof(BadConfigurations))]
    public async Task Bad_configuration_is_one_line_and_exit_code_1(string[] flags, string backend, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        var dll = await WharfProcess.EnsureCliBuiltAsync(ct);
        var data = Directory.CreateTempSubdirectory("wharf-cli-").FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "serve", "--listen", "127.0.0.1:0", "--data-dir", data }.Concat(flags))
        {
            start.ArgumentList.Add(arg);
        }

        if (backend.Length > 0)
        {
            start.Environment["WHARF_Storage__Backend"] = backend;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(ct);
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromMinutes(1), ct);
        Directory.Delete(data, recursive: true);

        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1, process.ExitCode);
        var line = Assert.Single(lines);
        Assert.StartsWith("wharf serve: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", await stdout + line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("gc")]
    [InlineData("build-worker")]
    public async Task A_server_commands_help_names_the_command_the_user_typed(string command)
    {
        var help = await WharfCli.RunAsync([command, "--help"], ct: TestContext.Current.CancellationToken);

        Assert.True(help.ExitCode == 0, help.Describe());
        Assert.Contains($"Usage:\n  wharf {command} [options]", help.StandardOutput.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("wharf-server", help.StandardOutput, StringComparison.Ordinal);
    }
}
