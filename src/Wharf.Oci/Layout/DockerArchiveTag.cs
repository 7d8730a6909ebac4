using Wharf.Oci.Images;

namespace Wharf.Oci.Layout;

/// <summary>The <c>REPO:TAG</c> names of a docker archive's RepoTags, compared as docker compares them
/// (<c>team/app:1</c> is <c>docker.io/team/app:1</c>) and written as <c>docker save</c> writes them
/// (<c>busybox:latest</c>, <c>localhost:5000/team/app:1</c>).</summary>
internal static class DockerArchiveTag
{
    /// <summary>The fully qualified <c>host/repository:tag</c>, or null when <paramref name="text"/> is not a tag reference.</summary>
    public static string? TryNormalise(string text)
    {
        try
        {
            var parsed = ImageReference.ParseRegistry(text);
            return parsed.Reference is { IsDigest: false } tag ? $"{parsed.Host}/{parsed.Repository}:{tag}" : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The repository (familiar form) and tag to write; <see cref="FormatException"/> when the text names a
    /// digest or is not a reference (a docker archive names an image by REPO:TAG).</summary>
    public static (string Repository, string Tag) ForWriting(ImageReference reference, string text)
    {
        var parsed = ImageReference.ParseRegistry(text);
        if (parsed.Reference is not { IsDigest: false } tag)
        {
            throw new FormatException($"{reference}: a docker archive names its image REPO:TAG, not by digest");
        }

        var repository = parsed.Repository!.Value.Value;
        var familiar = parsed.Host != ImageReference.DockerHub ? $"{parsed.Host}/{repository}"
            : repository.StartsWith("library/", StringComparison.Ordinal) ? repository["library/".Length..]
            : repository;
        return (familiar, tag.ToString());
    }
}
