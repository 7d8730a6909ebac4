namespace Wharf.Build.Execution;

/// <summary>Who a RUN step runs as: the numeric ids USER named, the groups /etc/group lists the user in, and the
/// home directory that becomes HOME.</summary>
internal sealed record ResolvedUser(uint Uid, uint Gid, IReadOnlyList<uint> AdditionalGids, string Home)
{
    public static ResolvedUser Root { get; } = new(0, 0, [], "/root");
}
