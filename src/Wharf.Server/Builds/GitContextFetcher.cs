using System.Diagnostics;
using System.Globalization;
using Wharf.Build;
using Wharf.Registry.Builds;

namespace Wharf.Server.Builds;

/// <summary>Fetches a git context with the <c>git</c> CLI into an empty directory: one commit, shallow when the remote
/// allows fetching the ref that way (a branch, a tag, or a commit on servers that allow it), else the remote's branches
/// and tags, then the ref resolved and checked out detached. Transports are limited to <c>Builds:GitProtocols</c> by git
/// itself (<c>GIT_ALLOW_PROTOCOL</c>, which also covers redirects), nothing prompts for a password, a private remote is
/// reached with the credential given (<see cref="GitAccess"/>: never in an argument, a URL or a log), and <c>.git</c> is
/// removed afterwards: a build sees the tree, not the history.</summary>
public static class GitContextFetcher
{
    /// <summary>What git says when a remote wants to know who is there (or refused who it was told).</summary>
    private static readonly string[] AuthenticationFailures =
        ["could not read Username", "Authentication failed", "Permission denied", "terminal prompts disabled", "returned error: 401", "returned error: 403"];

    /// <summary>Clones into <paramref name="directory"/> and returns the commit the ref resolved to, its commit time (the
    /// build's reproducible epoch) and its message.</summary>
    /// <param name="credential">For a private remote; null for none.</param>
    public static async Task<GitCheckout> FetchAsync(
        GitContext git, string directory, IReadOnlyCollection<string> protocols, GitCredential? credential, IBuildLog log, CancellationToken ct)
    {
        var shown = GitUrls.Redact(git.Url);
        if (GitUrls.Protocol(git.Url) is not { } protocol || !protocols.Contains(protocol))
        {
            throw new BuildContextException($"git URL {shown}: its transport is not allowed here (Builds:GitProtocols: {string.Join(", ", protocols)})");
        }

        var reference = git.Ref ?? "HEAD";
        if (reference.StartsWith('-'))
        {
            throw new BuildContextException($"git ref '{reference}' is not a branch, tag or commit name");
        }

        log.Line(credential is null ? $"fetching {shown} at {reference}" : $"fetching {shown} at {reference} with {credential.Describe()}");
        using var access = GitAccess.Open(git.Url, protocols, credential);
        await RunAsync(directory, access, ct, "init", "-q");
        await RunAsync(directory, access, ct, "remote", "add", "origin", git.Url);
        if (await TryRunAsync(directory, access, ct, "fetch", "-q", "--depth", "1", "--no-tags", "origin", reference) is not null)
        {
            // Not fetchable shallowly (a commit the server will not serve by id): fetch branches and tags, resolve locally.
            var failure = await TryRunAsync(directory, access, ct, "fetch", "-q", "--no-tags", "origin", "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*");
            if (failure is not null)
            {
                throw new BuildContextException($"git fetch of {shown} failed: {failure}{AuthenticationHint(failure, credential)}");
            }

            var resolved = await TryRunAsync(directory, access, ct, "rev-parse", "-q", "--verify", $"{reference}^{{commit}}") is null
                ? reference
                : await TryRunAsync(directory, access, ct, "rev-parse", "-q", "--verify", $"origin/{reference}^{{commit}}") is null
                    ? $"origin/{reference}"
                    : throw new BuildContextException($"git ref '{reference}' is not a branch, tag or commit of {shown}");
            await RunAsync(directory, access, ct, "checkout", "-q", "--detach", resolved);
        }
        else
        {
            await RunAsync(directory, access, ct, "checkout", "-q", "--detach", "FETCH_HEAD");
        }

        var commit = (await RunAsync(directory, access, ct, "rev-parse", "HEAD")).Trim();
        var time = long.Parse((await RunAsync(directory, access, ct, "log", "-1", "--format=%ct")).Trim(), CultureInfo.InvariantCulture);
        var message = (await RunAsync(directory, access, ct, "log", "-1", "--format=%B")).TrimEnd('\n');
        Directory.Delete(Path.Combine(directory, ".git"), recursive: true);
        log.Line($"checked out {commit}");
        return new GitCheckout(commit, time, message);
    }

    /// <summary>The branch the remote's HEAD names (<c>git ls-remote --symref URL HEAD</c>): its default branch.</summary>
    public static async Task<string> DefaultBranchAsync(string url, IReadOnlyCollection<string> protocols, GitCredential? credential, CancellationToken ct)
    {
        using var access = GitAccess.Open(url, protocols, credential);
        var output = await LsRemoteAsync(url, access, credential, ct, "--symref", "--", url, "HEAD");
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("ref: refs/heads/", StringComparison.Ordinal) && l.EndsWith("\tHEAD", StringComparison.Ordinal));
        return line is null
            ? throw new BuildContextException($"{GitUrls.Redact(url)} names no default branch (its HEAD is not a branch)")
            : line["ref: refs/heads/".Length..^"\tHEAD".Length];
    }

    /// <summary>The remote's branches and tags (<c>git ls-remote --heads --tags</c>): full ref → commit, an annotated
    /// tag by the commit it points at.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ListRefsAsync(
        string url, IReadOnlyCollection<string> protocols, GitCredential? credential, CancellationToken ct)
    {
        using var access = GitAccess.Open(url, protocols, credential);
        var output = await LsRemoteAsync(url, access, credential, ct, "--heads", "--tags", "--", url);
        var refs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0)
            {
                continue;
            }

            var (commit, name) = (line[..tab], line[(tab + 1)..]);
            if (name.EndsWith("^{}", StringComparison.Ordinal))
            {
                refs[name[..^3]] = commit; // the peeled tag: the commit, not the tag object
            }
            else
            {
                refs.TryAdd(name, commit);
            }
        }

        return refs;
    }

    /// <summary>The full id of the commit a short one names among the history of the remote's branches and tags; null
    /// when none does. Reads the commits only (<c>--filter=tree:0</c>: no trees, no files) where the server can filter,
    /// the whole history where it cannot, into a directory removed afterwards. A prefix of several commits is a
    /// <see cref="BuildContextException"/> asking for more digits.</summary>
    public static async Task<string?> ExpandCommitAsync(
        string url, string prefix, IReadOnlyCollection<string> protocols, GitCredential? credential, CancellationToken ct)
    {
        var shown = GitUrls.Redact(url);
        var directory = Directory.CreateTempSubdirectory("wharf-commits-").FullName;
        try
        {
            using var access = GitAccess.Open(url, protocols, credential);
            var failure = await TryRunAsync(directory, access, ct, "clone", "-q", "--bare", "--filter=tree:0", "--", url, "history.git");
            if (failure is not null)
            {
                throw new BuildContextException($"git clone of {shown} failed: {failure}{AuthenticationHint(failure, credential)}");
            }

            // Every object whose id starts so (trees and files too where the server did not filter); tags peeled.
            var history = Path.Combine(directory, "history.git");
            var commits = new HashSet<string>(StringComparer.Ordinal);
            foreach (var id in (await RunAsync(history, access, ct, "rev-parse", $"--disambiguate={prefix}")).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var type = (await RunAsync(history, access, ct, "cat-file", "-t", id)).Trim();
                if (type is "commit" or "tag" && await TryOutputAsync(history, access, ct, "rev-parse", "-q", "--verify", $"{id}^{{commit}}") is { } commit)
                {
                    commits.Add(commit.Trim());
                }
            }

            return commits.Count switch
            {
                0 => null,
                1 => commits.Single(),
                _ => throw new BuildContextException($"the short commit {prefix} names {commits.Count} commits of {shown}: give more of its digits"),
            };
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>What git printed when it succeeded; null when it did not.</summary>
    private static async Task<string?> TryOutputAsync(string directory, GitAccess access, CancellationToken ct, params string[] arguments)
    {
        var (exit, output, _) = await GitAsync(directory, access, arguments, ct);
        return exit == 0 ? output : null;
    }

    /// <summary><c>git ls-remote</c> of the remote: its output, or a <see cref="BuildContextException"/> naming the remote.</summary>
    private static async Task<string> LsRemoteAsync(string url, GitAccess access, GitCredential? credential, CancellationToken ct, params string[] arguments)
    {
        var (exit, output, error) = await GitAsync(Path.GetTempPath(), access, ["ls-remote", .. arguments], ct);
        return exit == 0 ? output : throw new BuildContextException($"git ls-remote of {GitUrls.Redact(url)} failed: {error}{AuthenticationHint(error, credential)}");
    }

    private static async Task<string> RunAsync(string directory, GitAccess access, CancellationToken ct, params string[] arguments)
    {
        var (exit, output, error) = await GitAsync(directory, access, arguments, ct);
        return exit == 0 ? output : throw new BuildContextException($"git {arguments[0]} failed: {error}");
    }

    /// <summary>Null when git succeeded, else its last line of complaint.</summary>
    private static async Task<string?> TryRunAsync(string directory, GitAccess access, CancellationToken ct, params string[] arguments)
    {
        var (exit, _, error) = await GitAsync(directory, access, arguments, ct);
        return exit == 0 ? null : error;
    }

    /// <summary>What to add to a failure that looks like the remote asking who is there.</summary>
    private static string AuthenticationHint(string failure, GitCredential? credential) =>
        !AuthenticationFailures.Any(f => failure.Contains(f, StringComparison.OrdinalIgnoreCase)) ? ""
        : credential is null ? " (the remote asks for credentials, and there are none for it: a trigger can hold a token or an ssh key)"
        : $" (the remote refused {credential.Describe()})";

    private static async Task<(int Exit, string Output, string Error)> GitAsync(string directory, GitAccess access, string[] arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in access.Environment)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new BuildContextException("git could not be started");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BuildContextException("git is not installed where this build runs: a git context needs the git CLI", e);
        }

        using var owned = process;
        using var kill = ct.Register(() => process.Kill(entireProcessTree: true));
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await process.WaitForExitAsync(CancellationToken.None);
        ct.ThrowIfCancellationRequested();
        var lines = (await error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // git's messages can quote the remote's URL, credentials and all.
        var last = lines.Length == 0 ? $"exit code {process.ExitCode}" : access.Redact(RedactUrls(lines[^1]));
        return (process.ExitCode, await output, last);
    }

    private static string RedactUrls(string line) =>
        string.Join(' ', line.Split(' ').Select(word => word.Contains("://", StringComparison.Ordinal) ? GitUrls.Redact(word.Trim('\'', '"')) : word));
}
