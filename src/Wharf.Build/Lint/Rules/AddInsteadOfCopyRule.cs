using Wharf.Build.Dockerfile.Instructions;

namespace Wharf.Build.Lint.Rules;

/// <summary>
/// <c>ADD</c> of local files or directories that are not archives: <c>COPY</c> does exactly that, while ADD also
/// unpacks anything that turns out to be a tar and fetches URLs, which surprises readers. ADD that fetches, unpacks,
/// checks a checksum or keeps a git directory is ADD's job and left alone, as is a source held in a variable.
/// </summary>
internal sealed class AddInsteadOfCopyRule : ILintRule
{
    // What ADD may unpack: a tar, plain or compressed (a lone .gz may well be a tarball too).
    private static readonly string[] ArchiveEndings = [".tar", ".tgz", ".tbz", ".tbz2", ".txz", ".tzst", ".gz", ".bz2", ".xz", ".zst", ".lz4"];

    public string Id => "AddInsteadOfCopy";

    public IEnumerable<Advice> Check(LintContext context)
    {
        foreach (var add in context.Dockerfile.Stages.SelectMany(s => s.Instructions).OfType<AddInstruction>())
        {
            if (add.Checksum is null && add.KeepGitDir is null && add.Unpack is null && add.Sources.All(IsPlainLocal))
            {
                yield return context.Advise(
                    Id, add.Line,
                    "ADD of local files that are not archives: COPY does the same without ADD's unpacking and downloading",
                    "use COPY");
            }
        }
    }

    private static bool IsPlainLocal(string source) =>
        !source.Contains("://", StringComparison.Ordinal) && !source.StartsWith("git@", StringComparison.Ordinal)
        && !source.Contains('$', StringComparison.Ordinal)
        && !ArchiveEndings.Any(e => source.EndsWith(e, StringComparison.OrdinalIgnoreCase));
}
