namespace Wharf.Oci;

/// <summary>The <c>&lt;reference&gt;</c> of a manifest URL: a tag or a digest, never both.</summary>
public readonly record struct Reference
{
    private Reference(string? tag, Digest? digest)
    {
        Tag = tag;
        Digest = digest;
    }

    public string? Tag { get; }

    public Digest? Digest { get; }

    public bool IsDigest => Digest is not null;

    public override string ToString() => Tag ?? Digest!.Value.ToString();

    public static Reference ForTag(string tag) => new(tag, null);

    public static Reference ForDigest(Digest digest) => new(null, digest);

    /// <summary>A reference with a colon is a digest (tags cannot contain one); anything else must be a valid tag.</summary>
    public static bool TryParse(string? text, out Reference reference)
    {
        reference = default;
        if (text is null)
        {
            return false;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (!Oci.Digest.TryParse(text, out var digest))
            {
                return false;
            }

            reference = ForDigest(digest);
            return true;
        }

        if (!Oci.Tag.IsValid(text))
        {
            return false;
        }

        reference = ForTag(text);
        return true;
    }
}
