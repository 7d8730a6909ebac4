using System.Runtime.InteropServices;
using Wharf.Oci;
using Wharf.Registry.Auth;
using Wharf.Registry.Events;

namespace Wharf.Registry.Statistics;

/// <summary>Counts manifest pulls in memory, per repository and manifest, for <see cref="SqlPullStatisticsStore"/> to add
/// to the database in batches (decision 027): a pull costs a dictionary update under a lock held for nanoseconds, never a
/// database write. What is counted and not yet flushed is lost if the process dies.</summary>
public sealed class PullCounter(TimeProvider time) : IRegistryEvents
{
    private readonly Lock _gate = new();
    private Dictionary<(string Repository, Digest Digest), Tally> _counts = [];

    public void Record(RegistryEvent e)
    {
        if (e.Action != AuditActions.Pull || e.Digest is not { } digest)
        {
            return;
        }

        // An index is the way to an image: a multi-platform pull GETs it and then one image manifest, which is the pull.
        var ofRepository = e.MediaType is { } mediaType && MediaTypes.IsIndex(mediaType) ? 0 : 1;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        // The key holds the digest as it is (no string made per pull); it becomes text only at a flush.
        lock (_gate)
        {
            ref var tally = ref CollectionsMarshal.GetValueRefOrAddDefault(_counts, (e.Repository, digest), out _);
            tally = new Tally(tally.Pulls + 1, tally.RepositoryPulls + ofRepository, Math.Max(tally.LastPulledAt, now));
        }
    }

    /// <summary>Everything counted since the last take, and starts counting afresh.</summary>
    public IReadOnlyList<PullCount> Take()
    {
        Dictionary<(string Repository, Digest Digest), Tally> taken;
        lock (_gate)
        {
            if (_counts.Count == 0)
            {
                return [];
            }

            (taken, _counts) = (_counts, []);
        }

        return [.. taken.Select(c => new PullCount(
            c.Key.Repository, c.Key.Digest.ToString(), c.Value.Pulls, c.Value.RepositoryPulls, DateTimeOffset.FromUnixTimeMilliseconds(c.Value.LastPulledAt)))];
    }

    /// <summary>Puts counts back that could not be written, to go with the next flush.</summary>
    public void Return(IReadOnlyList<PullCount> counts)
    {
        lock (_gate)
        {
            foreach (var c in counts)
            {
                ref var tally = ref CollectionsMarshal.GetValueRefOrAddDefault(_counts, (c.Repository, Digest.Parse(c.Digest)), out _);
                tally = new Tally(tally.Pulls + c.Pulls, tally.RepositoryPulls + c.RepositoryPulls, Math.Max(tally.LastPulledAt, c.LastPulledAt.ToUnixTimeMilliseconds()));
            }
        }
    }

    private readonly record struct Tally(long Pulls, long RepositoryPulls, long LastPulledAt);
}
