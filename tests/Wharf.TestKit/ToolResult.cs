namespace Wharf.TestKit;

/// <summary>What one run of an external tool did: its exit code and everything it printed.</summary>
public sealed record ToolResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    /// <summary>stdout then stderr: docker prints progress on stdout and warnings on stderr; skopeo the reverse.</summary>
    public string Output => StandardOutput + StandardError;

    /// <summary>Throws, with the command line and both streams in the message, unless the tool exited 0.</summary>
    public ToolResult EnsureSuccess() =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"`{CommandLine}` failed.\n{Describe()}");

    /// <summary>A multi-line account for assertion messages.</summary>
    public string Describe() =>
        $"$ {CommandLine}\n(exit {ExitCode} after {Elapsed.TotalSeconds:0.0}s)\n--- stdout ---\n{StandardOutput}--- stderr ---\n{StandardError}";

    public override string ToString() => Describe();
}
