namespace Wharf.TestKit;

/// <summary>Who runs a server that refuses to run as root (PostgreSQL): the tests run as root in CI, so the server
/// runs as the <c>postgres</c> account Debian's package creates (or <c>nobody</c>) through <c>setpriv</c>; a test
/// run by an ordinary user runs it as that user, unchanged.</summary>
internal sealed class UnprivilegedAccount
{
    private readonly string? _uid;
    private readonly string? _gid;

    private UnprivilegedAccount(string? uid, string? gid)
    {
        _uid = uid;
        _gid = gid;
    }

    public static async Task<UnprivilegedAccount> ForServerAsync()
    {
        if (Environment.UserName != "root")
        {
            return new UnprivilegedAccount(null, null);
        }

        foreach (var name in new[] { "postgres", "nobody" })
        {
            var uid = await ExternalTool.RunAsync("id", ["-u", name]);
            var gid = await ExternalTool.RunAsync("id", ["-g", name]);
            if (uid.ExitCode == 0 && gid.ExitCode == 0)
            {
                return new UnprivilegedAccount(uid.StandardOutput.Trim(), gid.StandardOutput.Trim());
            }
        }

        throw new InvalidOperationException("running as root, and neither a 'postgres' nor a 'nobody' account exists to run PostgreSQL as");
    }

    /// <summary>Makes <paramref name="directory"/> (created by the test, so owned by it) the account's.</summary>
    public async Task GiveAsync(string directory)
    {
        if (_uid is not null)
        {
            (await ExternalTool.RunAsync("chown", ["-R", $"{_uid}:{_gid}", directory])).EnsureSuccess();
        }
    }

    /// <summary>Runs <paramref name="tool"/> as the account, in <paramref name="workingDirectory"/> (one it can enter:
    /// root's own is not).</summary>
    public Task<ToolResult> RunAsync(string tool, IEnumerable<string> arguments, string workingDirectory) =>
        _uid is null
            ? ExternalTool.RunAsync(tool, arguments, workingDirectory: workingDirectory)
            : ExternalTool.RunAsync(
                "setpriv", [$"--reuid={_uid}", $"--regid={_gid}", "--clear-groups", "--", tool, .. arguments], workingDirectory: workingDirectory);
}
