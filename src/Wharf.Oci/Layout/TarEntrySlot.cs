namespace Wharf.Oci.Layout;

/// <summary>Where an entry of a <see cref="OnePassTarFile"/> lies: its 512-byte header at
/// <paramref name="HeaderOffset"/>, then <paramref name="Size"/> bytes of data, padded to a whole block.</summary>
internal sealed record TarEntrySlot(long HeaderOffset, long Size)
{
    public long DataOffset => HeaderOffset + UstarHeader.Size;

    /// <summary>Where the next entry starts.</summary>
    public long End => DataOffset + Size + UstarHeader.Padding(Size);
}
