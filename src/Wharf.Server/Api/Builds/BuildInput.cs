using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Wharf.Oci;
using Wharf.Registry.Builds;
using Wharf.Server.Api.Accounts;
using Wharf.Server.Builds;

namespace Wharf.Server.Api.Builds;

/// <summary>Checks of a build submission, each throwing <see cref="ApiProblemException"/> (400) with the rule broken.
/// What a worker later reads from the queue was checked here: paths relative and inside the context, names that
/// cannot pass for an option to git.</summary>
internal static partial class BuildInput
{
    public const int MaxTags = 20;
    public const int MaxBuildArgs = 200;
    private const int MaxText = 4096;

    public static IReadOnlyList<string> Tags(IEnumerable<string>? tags)
    {
        var list = tags?.Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList() ?? [];
        if (list.Count == 0)
        {
            return ["latest"];
        }

        return list.Count > MaxTags ? throw new ApiProblemException($"at most {MaxTags} tags")
            : list.FirstOrDefault(t => !Tag.IsValid(t)) is { } bad ? throw new ApiProblemException($"tag '{bad}' is not a valid tag: [a-zA-Z0-9_][a-zA-Z0-9._-]{{0,127}}")
            : list;
    }

    /// <summary>The Dockerfile's path in the context (default <c>Dockerfile</c>).</summary>
    public static string Dockerfile(string? path) =>
        string.IsNullOrEmpty(path) ? "Dockerfile" : RelativePath(path, "dockerfile");

    public static string? Target(string? target) =>
        string.IsNullOrEmpty(target) ? null
        : StageName().IsMatch(target) ? target
        : throw new ApiProblemException("target must be a stage name: letters, digits, and . _ - after the first, at most 128 characters");

    /// <summary>Build args from <c>NAME=VALUE</c> words (a query's <c>buildArg</c>, a header).</summary>
    public static IReadOnlyDictionary<string, string> BuildArgs(IEnumerable<string> pairs)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ApiProblemException("a build arg is NAME=VALUE");
            }

            args[pair[..equals]] = pair[(equals + 1)..];
        }

        return BuildArgs(args);
    }

    public static IReadOnlyDictionary<string, string> BuildArgs(IReadOnlyDictionary<string, string>? args)
    {
        args ??= new Dictionary<string, string>();
        if (args.Count > MaxBuildArgs)
        {
            throw new ApiProblemException($"at most {MaxBuildArgs} build args");
        }

        // The name only: a value may be a secret, never echoed.
        return args.Keys.FirstOrDefault(k => !ArgName().IsMatch(k)) is { } bad
            ? throw new ApiProblemException($"build arg name '{bad}' must be letters, digits and _ (not starting with a digit)")
            : args.Values.Any(v => v.Length > MaxText || v.Contains('\0', StringComparison.Ordinal))
                ? throw new ApiProblemException($"a build arg's value is at most {MaxText} characters, without NUL")
                : args;
    }

    /// <summary>A test command, run in the built image as a shell-form RUN would be (<c>/bin/sh -c TEST</c>): null when
    /// empty.</summary>
    public static string? Test(string? test) =>
        string.IsNullOrWhiteSpace(test) ? null
        : test.Length <= MaxText && !test.Contains('\0', StringComparison.Ordinal) ? test
        : throw new ApiProblemException($"test is a shell command of at most {MaxText} characters, without NUL");

    public static GitContext Git([NotNull] GitSource? git, IReadOnlyCollection<string> protocols)
    {
        if (git?.Url is not { Length: > 0 and <= MaxText } url)
        {
            throw new ApiProblemException("git.url is required");
        }

        if (GitUrls.Protocol(url) is not { } protocol || !protocols.Contains(protocol))
        {
            throw new ApiProblemException($"git.url must use one of the transports this server allows: {string.Join(", ", protocols)} (SCHEME://… or user@host:path for ssh)");
        }

        if (git.Ref is { } reference && !GitRef().IsMatch(reference))
        {
            throw new ApiProblemException("git.ref must be a branch, tag or commit name (no spaces, not starting with -)");
        }

        if (git.Commit is not null)
        {
            throw new ApiProblemException("git.commit is what a worker resolved the ref to; ask for a commit with git.ref");
        }

        return new GitContext(url, string.IsNullOrEmpty(git.Ref) ? null : git.Ref, string.IsNullOrEmpty(git.Subfolder) ? null : RelativePath(git.Subfolder, "git.subfolder"));
    }

    public static string RelativePath(string path, string field) =>
        path.Length <= MaxText && !path.StartsWith('/') && !path.Split('/').Contains("..") && !path.Any(char.IsControl)
            ? path
            : throw new ApiProblemException($"{field} must be a relative path inside the context, without ..");

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex StageName();

    [GeneratedRegex(@"^[a-zA-Z_][a-zA-Z0-9_]{0,255}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ArgName();

    [GeneratedRegex(@"^[^\s\-~^:?*\[\\][^\s~^:?*\[\\]{0,255}\z", RegexOptions.CultureInvariant)]
    private static partial Regex GitRef();
}
