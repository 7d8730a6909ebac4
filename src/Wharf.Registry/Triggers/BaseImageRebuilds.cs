using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace Wharf.Registry.Triggers;

/// <summary>Rebuild on base-image update, the writes made inside other changes' transactions (decision 023): a tag of this
/// registry moving to another manifest owes a rebuild to every trigger ref whose latest build read it
/// (<see cref="TagMovingAsync"/>, in the manifest put's transaction, like the notification outbox of decision 022), and a
/// trigger's successful build says what its ref reads now (<see cref="RecordAsync"/>, in the transaction that records the
/// success). So a move is never lost in a crash, a refused put owes nothing, and any node takes the rebuilds
/// (<see cref="SqlBaseImageStore.ClaimAsync"/>).</summary>
public static class BaseImageRebuilds
{
    // One row per trigger and ref: further moves before a node takes it count its version up (one rebuild reads them all).
    private const string Owe =
        """
        ON CONFLICT (trigger_id, source_ref) DO UPDATE SET base_repository = excluded.base_repository,
            base_tag = excluded.base_tag, base_digest = excluded.base_digest, version = base_image_rebuilds.version + 1
        """;

    /// <summary>Called by a manifest put that points <paramref name="tag"/> of <paramref name="repository"/> (id
    /// <paramref name="repositoryId"/>) at <paramref name="digest"/>, before it moves the tag: when the tag names another
    /// manifest now (or none), each enabled trigger ref that reads it and rebuilds on base images is owed a rebuild. A
    /// re-push of the manifest the tag already names owes nothing. One indexed query when nobody reads the tag.</summary>
    public static Task<int> TagMovingAsync(
        DbConnection c, DbTransaction tx, long repositoryId, string repository, string tag, string digest, DateTimeOffset now) =>
        c.ExecuteAsync(
            $"""
            INSERT INTO base_image_rebuilds (trigger_id, source_ref, base_repository, base_tag, base_digest, created_at)
            SELECT DISTINCT b.trigger_id, b.source_ref, b.base_repository, b.base_tag, @digest, @now
            FROM trigger_base_images b JOIN build_triggers t ON t.id = b.trigger_id
            WHERE b.base_repository = @repository AND b.base_tag = @tag AND t.enabled = 1 AND t.rebuild_on_base_image = 1
              AND NOT EXISTS (SELECT 1 FROM tags WHERE repository_id = @repositoryId AND name = @tag AND digest = @digest)
            {Owe}
            """,
            new { repositoryId, repository, tag, digest, now = now.ToUnixTimeMilliseconds() }, tx);

    /// <summary>Called in the transaction that records build <paramref name="buildId"/> of a trigger's ref a success, after
    /// the trigger's row was updated in it (so the trigger exists until the commit): the images it read by tag replace
    /// what the ref's earlier builds of the same image tags read. A tag that moved while the build ran (it read the older
    /// manifest) is owed a rebuild at once, since its move found the ref watching it no longer or not yet.</summary>
    public static async Task RecordAsync(DbConnection c, DbTransaction tx, long buildId, IReadOnlyList<BaseImageRead> reads, DateTimeOffset now)
    {
        var build = await c.QuerySingleOrDefaultAsync<(long? TriggerId, string? SourceRef, string Tags)?>(
            "SELECT trigger_id, source_ref, tags FROM builds WHERE id = @buildId", new { buildId }, tx);
        if (build is not { TriggerId: { } triggerId, SourceRef: { } sourceRef, Tags: var imageTags })
        {
            return;
        }

        var at = now.ToUnixTimeMilliseconds();
        await c.ExecuteAsync(
            "DELETE FROM trigger_base_images WHERE trigger_id = @triggerId AND source_ref = @sourceRef AND image_tags = @imageTags",
            new { triggerId, sourceRef, imageTags }, tx);
        // Read twice (two stages FROM one tag), the later read is what the image was built on.
        var latest = reads.GroupBy(r => (r.Repository, r.Tag)).Select(g => g.Last()).ToList();
        await c.ExecuteAsync(
            """
            INSERT INTO trigger_base_images (trigger_id, source_ref, image_tags, base_repository, base_tag, base_digest, recorded_at)
            VALUES (@triggerId, @sourceRef, @imageTags, @Repository, @Tag, @digest, @at)
            """,
            latest.Select(r => new { triggerId, sourceRef, imageTags, r.Repository, r.Tag, digest = r.Digest.ToString(), at }), tx);
        foreach (var read in latest)
        {
            var current = await c.QuerySingleOrDefaultAsync<string?>(
                "SELECT t.digest FROM tags t JOIN repositories r ON r.id = t.repository_id WHERE r.name = @Repository AND t.name = @Tag",
                new { read.Repository, read.Tag }, tx);
            if (current is not null && current != read.Digest.ToString())
            {
                await c.ExecuteAsync(
                    $"""
                    INSERT INTO base_image_rebuilds (trigger_id, source_ref, base_repository, base_tag, base_digest, created_at)
                    SELECT id, @sourceRef, @Repository, @Tag, @current, @at FROM build_triggers
                    WHERE id = @triggerId AND enabled = 1 AND rebuild_on_base_image = 1
                    {Owe}
                    """,
                    new { triggerId, sourceRef, read.Repository, read.Tag, current, at }, tx);
            }
        }
    }

    /// <summary>The image tags of a row, as <see cref="RecordAsync"/> wrote them.</summary>
    internal static IReadOnlyList<string> ImageTags(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];
}
