using System.Formats.Tar;

namespace Wharf.TestKit.Images;

/// <summary>One path of an <see cref="ImageTree"/>: what a fidelity comparison looks at.</summary>
public sealed record ImageFile(TarEntryType Type, int Mode, int Uid, int Gid, long Size, string? ContentHash, string? LinkTarget, DateTimeOffset ModificationTime);
