namespace Wharf.Build.Steps;

/// <summary>Who owns what a COPY or ADD writes (<c>--chown</c>, else root; null ids keep the source's, as an
/// unpacked archive does) and the mode <c>--chmod</c> forces, if any.</summary>
internal sealed record CopyOwnership(uint? Uid, uint? Gid, UnixFileMode? Mode)
{
    public static CopyOwnership Root { get; } = new(0, 0, null);

    public static CopyOwnership Preserve { get; } = new(null, null, null);
}
