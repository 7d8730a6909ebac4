using System.Formats.Tar;

namespace Wharf.Oci.Layout;

/// <summary>The members of a tar file, indexed in one pass over its headers (data is skipped by seeking), then read
/// in place at their offsets: an OCI or docker archive is read without being extracted. Symbolic and hard links
/// (skopeo's docker archives link legacy <c>&lt;id&gt;/layer.tar</c> names to the layer files) resolve to their target.</summary>
internal sealed class TarIndex : FileTree
{
    private const int MaxLinkDepth = 16;

    private readonly string _archive;
    private readonly Dictionary<string, Member> _members;

    private TarIndex(string archive, Dictionary<string, Member> members)
    {
        _archive = archive;
        _members = members;
    }

    /// <summary>Indexes <paramref name="archive"/>; <see cref="InvalidDataException"/> when it is not a tar file.</summary>
    public static async Task<TarIndex> ReadAsync(string archive, CancellationToken ct)
    {
        var members = new Dictionary<string, Member>(StringComparer.Ordinal);
        await using var stream = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
        var magic = new byte[2];
        if (await stream.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, ct) == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            throw new InvalidDataException($"{archive} is gzip-compressed; decompress it first (gunzip), then name the .tar");
        }

        stream.Position = 0;
        try
        {
            await using var reader = new TarReader(stream, leaveOpen: true);
            while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                var name = Normalise(entry.Name);
                switch (entry.EntryType)
                {
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        members[name] = new Member(entry.DataOffset, entry.Length, null);
                        break;
                    case TarEntryType.SymbolicLink:
                        // A symbolic link is relative to the directory holding it, unless absolute (then to the root).
                        var directory = name.Contains('/', StringComparison.Ordinal) ? name[..name.LastIndexOf('/')] : "";
                        var target = entry.LinkName.StartsWith('/') ? entry.LinkName : $"{directory}/{entry.LinkName}";
                        members[name] = new Member(0, 0, Normalise(target));
                        break;
                    case TarEntryType.HardLink:
                        members[name] = new Member(0, 0, Normalise(entry.LinkName));
                        break;
                }
            }
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException or InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"{archive} is not a readable tar archive: {e.Message}", e);
        }

        if (members.Count == 0)
        {
            throw new InvalidDataException($"{archive} is not a tar archive, or an empty one");
        }

        return new TarIndex(archive, members);
    }

    public override long? FindLength(string path) => Resolve(path)?.Length;

    public override Stream? TryOpenRead(string path, long offset)
    {
        if (Resolve(path) is not { } member)
        {
            return null;
        }

        var offsetInMember = Math.Clamp(offset, 0, member.Length);
        var stream = new FileStream(_archive, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        stream.Position = member.Offset + offsetInMember;
        return new FileSliceStream(stream, member.Length - offsetInMember);
    }

    public override string Describe(string path) => $"{_archive}:{path}";

    private Member? Resolve(string path)
    {
        var name = Normalise(path);
        for (var depth = 0; depth < MaxLinkDepth; depth++)
        {
            if (!_members.TryGetValue(name, out var member))
            {
                return null;
            }

            if (member.LinkTarget is null)
            {
                return member;
            }

            name = member.LinkTarget;
        }

        throw new InvalidDataException($"{_archive}:{path}: links nest deeper than {MaxLinkDepth}");
    }

    /// <summary>Tar names are relative paths that may start with "./" or "/", and links may contain "." and "..";
    /// both are compared as plain paths from the archive's root.</summary>
    private static string Normalise(string name)
    {
        var parts = new List<string>();
        foreach (var part in name.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }

    private sealed record Member(long Offset, long Length, string? LinkTarget);
}
