using System.Globalization;
using Wharf.Build.Rootfs;

namespace Wharf.Build.Execution;

/// <summary>Turns USER's <c>name[:group]</c> (names or numbers) into ids the way docker does: from the image's own
/// /etc/passwd and /etc/group (read inside the root, never through a link out of it). A number needs no entry; a
/// name must have one. Supplementary groups are the primary group and, unless USER names a group, those /etc/group
/// lists the user in: docker always gives the process its primary group as a supplementary one too (so <c>id</c> in
/// a RUN prints <c>groups=GID</c>).</summary>
internal static class UserResolver
{
    public static ResolvedUser Resolve(string root, string? user)
    {
        if (string.IsNullOrEmpty(user))
        {
            user = "0";
        }

        var parts = user.Split(':', 2);
        var passwd = ReadEntries(root, "/etc/passwd");
        var groups = ReadEntries(root, "/etc/group");

        var userEntry = passwd.FirstOrDefault(e => e[0] == parts[0] || (uint.TryParse(parts[0], out var n) && Field(e, 2) == n.ToString(CultureInfo.InvariantCulture)));
        uint uid;
        if (uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var numericUid))
        {
            uid = numericUid;
        }
        else
        {
            uid = userEntry is not null && uint.TryParse(Field(userEntry, 2), out var named) ? named
                : throw new BuildFailedException($"unable to find user {parts[0]}: no matching entries in passwd file");
        }

        var gid = userEntry is not null && uint.TryParse(Field(userEntry, 3), out var primary) ? primary : 0u;
        var home = userEntry is not null && Field(userEntry, 5) is { Length: > 0 } h ? h : "/";
        if (parts.Length == 2)
        {
            gid = uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var numericGid) ? numericGid
                : groups.FirstOrDefault(g => g[0] == parts[1]) is { } groupEntry && uint.TryParse(Field(groupEntry, 2), out var namedGid) ? namedGid
                : throw new BuildFailedException($"unable to find group {parts[1]}: no matching entries in group file");
        }

        var name = userEntry?[0];
        IEnumerable<uint> listed = parts.Length == 2 || name is null ? []
            : groups.Where(g => Field(g, 3).Split(',').Contains(name, StringComparer.Ordinal))
                .Select(g => uint.TryParse(Field(g, 2), out var id) ? id : uint.MaxValue)
                .Where(id => id != uint.MaxValue);
        var additional = listed.Prepend(gid).Distinct().ToList();
        return new ResolvedUser(uid, gid, additional, home);
    }

    /// <summary>The colon-separated lines of a passwd-style file; none when the image has no such file.</summary>
    private static List<string[]> ReadEntries(string root, string file)
    {
        var path = RootPath.Resolve(root, file);
        if (!File.Exists(path))
        {
            return [];
        }

        return [.. File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split(':'))];
    }

    private static string Field(string[] entry, int index) => index < entry.Length ? entry[index] : "";
}
