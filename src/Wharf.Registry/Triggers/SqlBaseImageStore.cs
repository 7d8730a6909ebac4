using Dapper;
using Wharf.Registry.Metadata;

namespace Wharf.Registry.Triggers;

/// <summary>Rebuild on base-image update, read and taken (migration 015, decision 023): what trigger refs watch, and the
/// rebuilds owed (<see cref="BaseImageRebuilds"/> writes both inside other changes' transactions). Every node claims owed
/// rebuilds under a lease with a conditional update, so one node takes each; one that dies leaves it for another after
/// the lease. Same SQL on SQLite and PostgreSQL.</summary>
public sealed class SqlBaseImageStore(SqlDatabase database, TimeProvider time)
{
    /// <summary>How far <see cref="FeedsBackAsync"/> follows images before it stops looking (and calls it a loop).</summary>
    public const int MaxImagesFollowed = 1000;

    /// <summary>The tags the triggers' refs watch, by trigger, ref and tag.</summary>
    public async Task<IReadOnlyList<WatchedBaseImage>> ListWatchedAsync(IReadOnlyCollection<long> triggerIds, CancellationToken ct)
    {
        if (triggerIds.Count == 0)
        {
            return [];
        }

        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<(long TriggerId, string SourceRef, string ImageTags, string Repository, string Tag, string Digest, long RecordedAt)>(
            $"""
            SELECT trigger_id, source_ref, image_tags, base_repository, base_tag, base_digest, recorded_at FROM trigger_base_images
            WHERE trigger_id {database.InList("@triggerIds")}
            ORDER BY trigger_id, source_ref, image_tags, base_repository, base_tag
            """,
            new { triggerIds = triggerIds.ToArray() });
        return [.. rows.Select(r => new WatchedBaseImage(
            r.TriggerId, r.SourceRef, BaseImageRebuilds.ImageTags(r.ImageTags), r.Repository, r.Tag, r.Digest, DateTimeOffset.FromUnixTimeMilliseconds(r.RecordedAt)))];
    }

    /// <summary>Claims up to <paramref name="limit"/> owed rebuilds, oldest first, that no node holds (or whose holder's
    /// lease ran out), for <paramref name="lease"/>: each claim is a conditional update of the lease it saw.</summary>
    public async Task<IReadOnlyList<PendingRebuild>> ClaimAsync(int limit, TimeSpan lease, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var due = (await c.QueryAsync<(long Id, long? ClaimedUntil)>(
            "SELECT id, claimed_until FROM base_image_rebuilds WHERE claimed_until IS NULL OR claimed_until < @now ORDER BY id LIMIT @limit",
            new { now, limit })).AsList();
        var claimed = new List<PendingRebuild>();
        foreach (var (id, previous) in due)
        {
            // The row as claimed: a move after the claim counts its version up, and CompleteAsync then leaves it.
            var row = await c.QuerySingleOrDefaultAsync<(long TriggerId, string SourceRef, string Repository, string Tag, string Digest, long Version)?>(
                $"""
                UPDATE base_image_rebuilds SET claimed_until = @until
                WHERE id = @id AND {(previous is null ? "claimed_until IS NULL" : "claimed_until = @previous")}
                RETURNING trigger_id, source_ref, base_repository, base_tag, base_digest, version
                """,
                new { id, previous, until = now + (long)lease.TotalMilliseconds });
            if (row is { } r)
            {
                claimed.Add(new PendingRebuild(id, r.TriggerId, r.SourceRef, r.Repository, r.Tag, r.Digest, r.Version));
            }
        }

        return claimed;
    }

    /// <summary>Done with a claimed rebuild (queued, or nothing to queue). When a further move came in meanwhile the row
    /// stays and is released at once, so that move is acted on too (its rebuild is usually the one just queued).</summary>
    public async Task CompleteAsync(PendingRebuild rebuild, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        if (await c.ExecuteAsync("DELETE FROM base_image_rebuilds WHERE id = @Id AND version = @Version", new { rebuild.Id, rebuild.Version }) == 0)
        {
            await c.ExecuteAsync("UPDATE base_image_rebuilds SET claimed_until = NULL WHERE id = @Id", new { rebuild.Id });
        }
    }

    /// <summary>Whether rebuilding <paramref name="triggerId"/>'s <paramref name="sourceRef"/> would move
    /// <paramref name="repository"/>:<paramref name="tag"/> again: its image is that tag (a trigger built FROM its own
    /// image), or a chain of enabled triggers rebuilding on base images leads from its image back to it. Such a loop is
    /// not rebuilt at all: each rebuild would owe the next for ever.</summary>
    public async Task<bool> FeedsBackAsync(long triggerId, string sourceRef, string repository, string tag, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var start = await c.QueryAsync<(string Repository, string ImageTags)>(
            """
            SELECT t.repository, b.image_tags FROM trigger_base_images b JOIN build_triggers t ON t.id = b.trigger_id
            WHERE b.trigger_id = @triggerId AND b.source_ref = @sourceRef
            """, new { triggerId, sourceRef });
        var seen = new HashSet<(string, string)>();
        var next = new Queue<(string Repository, string Tag)>(Images(start));
        while (next.TryDequeue(out var image))
        {
            if (image == (repository, tag) || seen.Count >= MaxImagesFollowed)
            {
                return true;
            }

            if (!seen.Add(image))
            {
                continue;
            }

            var readers = await c.QueryAsync<(string Repository, string ImageTags)>(
                """
                SELECT t.repository, b.image_tags FROM trigger_base_images b JOIN build_triggers t ON t.id = b.trigger_id
                WHERE b.base_repository = @Repository AND b.base_tag = @Tag AND t.enabled = 1 AND t.rebuild_on_base_image = 1
                """, new { image.Repository, image.Tag });
            foreach (var read in Images(readers))
            {
                next.Enqueue(read);
            }
        }

        return false;
    }

    private static IEnumerable<(string Repository, string Tag)> Images(IEnumerable<(string Repository, string ImageTags)> rows) =>
        rows.SelectMany(r => BaseImageRebuilds.ImageTags(r.ImageTags).Select(t => (r.Repository, t))).Distinct();
}
