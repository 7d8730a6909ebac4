using Wharf.Build.Dockerfile.Instructions;
using Wharf.Build.Sources;

namespace Wharf.Build.Steps;

/// <summary>The sources of an ADD that are not in the context, told apart as BuildKit's frontend tells them: git
/// repositories (<see cref="GitSourceRef"/>: an http(s) URL ending in <c>.git</c> is one) and the other http(s) URLs,
/// with BuildKit's rules: COPY takes neither, <c>--checksum</c> needs exactly one source that is a URL (a
/// <c>sha256:</c> digest) or a repository (a commit hash prefix), and <c>--keep-git-dir</c> and <c>--checksum</c> must
/// agree with what a repository's URL says.</summary>
internal sealed record RemoteSources(IReadOnlyList<string> Urls, IReadOnlyList<GitSourceRef> Repositories, IReadOnlySet<string> Taken)
{
    public bool Any => Taken.Count > 0;

    /// <summary>Whether <paramref name="source"/> (as written) is a URL or a repository, not a context path.</summary>
    public bool Contains(string source) => Taken.Contains(source);

    public static RemoteSources Find(Instruction instruction, IReadOnlyList<string> sources, int heredocs, BuildSession session)
    {
        var urls = new List<string>();
        var repositories = new List<GitSourceRef>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            GitSourceRef? repository;
            try
            {
                repository = GitSourceRef.TryParse(source);
            }
            catch (FormatException e)
            {
                throw session.Failure(instruction, $"{GitSourceRef.Redact(source)}: {e.Message}");
            }

            if (repository is not null)
            {
                repositories.Add(repository);
                taken.Add(source);
            }
            else if (source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                urls.Add(source);
                taken.Add(source);
            }
        }

        var found = new RemoteSources(urls, repositories, taken);
        if (instruction is CopyInstruction && found.Any)
        {
            throw session.Failure(instruction, repositories.Count > 0 ? "source can't be a git ref for COPY" : "source can't be a URL for COPY");
        }

        return instruction is AddInstruction add ? found.Checked(add, sources.Count + heredocs, session) : found;
    }

    private RemoteSources Checked(AddInstruction add, int count, BuildSession session)
    {
        if (add.Checksum is { } checksum)
        {
            if (count != 1)
            {
                throw session.Failure(add, "checksum can't be specified for multiple sources");
            }

            if (!Any)
            {
                throw session.Failure(add, "checksum requires HTTP(S) or Git sources");
            }

            if (Urls.Count == 1 && !checksum.StartsWith("sha", StringComparison.Ordinal))
            {
                throw session.Failure(add, $"invalid checksum {checksum} for a URL, expected sha256:<hex digest>");
            }
        }

        foreach (var repository in Repositories)
        {
            if (add.Checksum is { } flag && repository.Checksum is { } query && flag != query)
            {
                throw session.Failure(add, $"checksum mismatch \"{flag}\" != \"{query}\"");
            }

            if (add.KeepGitDir is { } keep && repository.KeepGitDir is { } said && keep != said)
            {
                throw session.Failure(add, "inconsistent keep-git-dir configuration");
            }
        }

        return this;
    }
}
