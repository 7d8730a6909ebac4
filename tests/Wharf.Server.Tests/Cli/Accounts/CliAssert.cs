using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli.Accounts;

/// <summary>What every wharf run must look like: success with the expected output, or one line on stderr, exit 1.</summary>
internal static class CliAssert
{
    public static ToolResult Succeeded(ToolResult result)
    {
        Assert.True(result.ExitCode == 0, result.Describe());
        return result;
    }

    /// <summary>Exit 1 and exactly one line on stderr, <c>wharf COMMAND: …</c>; returns that line.</summary>
    public static string FailedWithOneLine(ToolResult result, string command)
    {
        Assert.True(result.ExitCode == 1, result.Describe());
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"wharf {command}: ", line, StringComparison.Ordinal);
        return line;
    }
}
