namespace Wharf.Oci;

/// <summary>An image of this registry named as a pull names it without the host: <c>NAME:TAG</c> or
/// <c>NAME@DIGEST</c> (the diff API, the UI's image and compare pages).</summary>
public readonly record struct RepositoryReference(RepositoryName Name, Reference Reference)
{
    public override string ToString() => Reference.IsDigest ? $"{Name}@{Reference}" : $"{Name}:{Reference}";

    /// <summary>A tag follows the last <c>:</c> after the last <c>/</c> (a name holds no <c>:</c>); a digest follows
    /// <c>@</c>. A bare name, or a tag that is not one, is no reference.</summary>
    public static bool TryParse(string? text, out RepositoryReference reference)
    {
        reference = default;
        if (text is null)
        {
            return false;
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        var colon = text.LastIndexOf(':');
        var split = at >= 0 ? at : colon > text.LastIndexOf('/') ? colon : -1;
        if (split > 0
            && RepositoryName.TryParse(text[..split], out var name)
            && Oci.Reference.TryParse(text[(split + 1)..], out var parsed)
            && parsed.IsDigest == (at >= 0))
        {
            reference = new RepositoryReference(name, parsed);
            return true;
        }

        return false;
    }
}
