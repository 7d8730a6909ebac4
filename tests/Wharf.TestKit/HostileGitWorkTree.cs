namespace Wharf.TestKit;

/// <summary>Makes a directory a git work tree whose own configuration runs a program of its own on a plain
/// <c>git log</c>: <c>log.showSignature</c> makes git verify the signed HEAD commit with <c>gpg.program</c>, which names
/// a script inside the work tree through <c>/proc/self/cwd</c> (git runs it in the work tree, wherever that is). The
/// script creates <c>marker</c>. A build context uploaded with such a <c>.git</c> shows whether a server ever runs git in
/// it: the marker appears outside any build sandbox if it does.</summary>
public static class HostileGitWorkTree
{
    /// <summary>The commit time of the work tree's HEAD, what <c>git log -1 --format=%ct</c> prints.</summary>
    public const long CommitTime = 1_650_000_000;

    public static async Task CreateAsync(string directory, string marker, CancellationToken ct)
    {
        await GitAsync(directory, ct, "init", "-q");
        var script = Path.Combine(directory, ".git", "wharf-test-verify");
        await File.WriteAllTextAsync(script, $"#!/bin/sh\ntouch '{marker}'\nexit 1\n", ct);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        }

        await GitAsync(directory, ct, "config", "log.showSignature", "true");
        await GitAsync(directory, ct, "config", "gpg.program", "/proc/self/cwd/.git/wharf-test-verify");

        // A commit with a (meaningless) signature: what makes git call gpg.program.
        var tree = (await GitAsync(directory, ct, "write-tree")).Trim();
        var commit = Path.Combine(directory, ".git", "wharf-test-commit");
        await File.WriteAllTextAsync(commit,
            $"tree {tree}\nauthor t <t@example.net> {CommitTime} +0000\ncommitter t <t@example.net> {CommitTime} +0000\n" +
            "gpgsig -----BEGIN PGP SIGNATURE-----\n \n c2lnbmF0dXJl\n -----END PGP SIGNATURE-----\n\nsigned\n", ct);
        var id = (await GitAsync(directory, ct, "hash-object", "-t", "commit", "-w", commit)).Trim();
        File.Delete(commit);
        await GitAsync(directory, ct, "update-ref", "HEAD", id);
    }

    private static async Task<string> GitAsync(string directory, CancellationToken ct, params string[] arguments)
    {
        var result = await ExternalTool.RunAsync("git", ["-C", directory, .. arguments], ct: ct);
        result.EnsureSuccess();
        return result.StandardOutput;
    }
}
