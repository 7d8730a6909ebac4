using System.Data.Common;
using Dapper;
using Wharf.Oci;
using Wharf.Registry.Notifications;
using Wharf.Registry.Triggers;

namespace Wharf.Registry.Metadata;

/// <summary>The metadata store on SQL through Dapper. Every statement here runs unchanged on SQLite and
/// PostgreSQL (<c>ON CONFLICT</c>, unix-ms <c>BIGINT</c> times; list parameters through
/// <see cref="SqlDatabase.InList"/>); multi-row changes are one transaction, and every check-then-write on a digest
/// holds that digest's lock (<see cref="SqlDatabase.LockAsync"/>, decision 005).</summary>
public sealed partial class SqlMetadataStore(SqlDatabase database, TimeProvider time) : IMetadataStore
{
    private const string RepositoryId = "(SELECT id FROM repositories WHERE name = @repository)";

    public Task MigrateAsync(CancellationToken ct) => SchemaMigrator.MigrateAsync(database, ct);

    public async Task<long?> FindBlobLinkAsync(string repository, Digest digest, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<long?>(
            $"SELECT size FROM blob_links WHERE repository_id = {RepositoryId} AND digest = @digest",
            new { repository, digest = digest.ToString() });
    }

    public async Task LinkBlobAsync(string repository, Digest digest, long size, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await InsertBlobLinkAsync(c, tx, await EnsureRepositoryAsync(c, tx, repository), digest, size);
        await tx.CommitAsync(ct);
    }

    public async Task<bool> UnlinkBlobAsync(string repository, Digest digest, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.ExecuteAsync(
            $"DELETE FROM blob_links WHERE repository_id = {RepositoryId} AND digest = @digest",
            new { repository, digest = digest.ToString() }) > 0;
    }

    public async Task<bool> MountBlobAsync(string from, string repository, Digest digest, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // Read and link in one transaction holding the digest's lock, so garbage collection cannot remove the source
        // link and the bytes in between (decision 005): BeginBlobDeletionAsync takes the same lock.
        await database.LockAsync(c, tx, [digest.ToString()]);
        var size = await c.QuerySingleOrDefaultAsync<long?>(
            "SELECT size FROM blob_links WHERE repository_id = (SELECT id FROM repositories WHERE name = @from) AND digest = @digest",
            new { from, digest = digest.ToString() }, tx);
        if (size is null)
        {
            return false;
        }

        await InsertBlobLinkAsync(c, tx, await EnsureRepositoryAsync(c, tx, repository), digest, size.Value);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<IReadOnlyList<Digest>> PutManifestAsync(string repository, StoredManifest manifest, string? tag, OutboxEvent? notification, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // Checked inside the transaction holding the locks of the manifest's digest (against a concurrent delete of it,
        // which the tag would otherwise point at) and of its blobs (against the link sweep of garbage collection), so
        // neither can slip in between the check and the commit (decision 005).
        await database.LockAsync(c, tx, manifest.Blobs.Append(manifest.Digest).Select(d => d.ToString()));
        var repositoryId = await EnsureRepositoryAsync(c, tx, repository);
        var missing = (await FindAbsentAsync(c, tx, $"SELECT digest FROM blob_links WHERE repository_id = @repositoryId AND digest {database.InList("@digests")}", repositoryId, manifest.Blobs))
            .Concat(await FindAbsentAsync(c, tx, $"SELECT digest FROM manifests WHERE repository_id = @repositoryId AND digest {database.InList("@digests")}", repositoryId, manifest.Children))
            .ToList();
        if (missing.Count > 0)
        {
            return missing;
        }

        var digest = manifest.Digest.ToString();
        var inserted = await c.ExecuteAsync(
            """
            INSERT INTO manifests (repository_id, digest, media_type, artifact_type, subject, annotations, content, created_at)
            VALUES (@repositoryId, @digest, @mediaType, @artifactType, @subject, @annotations, @content, @now)
            ON CONFLICT (repository_id, digest) DO NOTHING
            """,
            new
            {
                repositoryId, digest, mediaType = manifest.MediaType, artifactType = manifest.ArtifactType,
                subject = manifest.Subject?.ToString(), annotations = manifest.AnnotationsJson, content = manifest.Content,
                now = manifest.CreatedAt.ToUnixTimeMilliseconds(),
            }, tx);
        if (inserted > 0)
        {
            await c.ExecuteAsync(
                """
                INSERT INTO manifest_blobs (repository_id, manifest_digest, blob_digest) VALUES (@repositoryId, @digest, @blob)
                ON CONFLICT DO NOTHING
                """,
                manifest.Blobs.Distinct().Select(b => new { repositoryId, digest, blob = b.ToString() }), tx);
            await c.ExecuteAsync(
                """
                INSERT INTO manifest_children (repository_id, manifest_digest, child_digest) VALUES (@repositoryId, @digest, @child)
                ON CONFLICT DO NOTHING
                """,
                manifest.Children.Distinct().Select(m => new { repositoryId, digest, child = m.ToString() }), tx);
        }

        if (tag is not null)
        {
            // Before the tag moves, so a re-push of what it names already owes no rebuild (decision 023).
            await BaseImageRebuilds.TagMovingAsync(c, tx, repositoryId, repository, tag, digest, time.GetUtcNow());
            await c.ExecuteAsync(
                """
                INSERT INTO tags (repository_id, name, digest, updated_at) VALUES (@repositoryId, @tag, @digest, @now)
                ON CONFLICT (repository_id, name) DO UPDATE SET digest = excluded.digest, updated_at = excluded.updated_at
                """,
                new { repositoryId, tag, digest, now = Now() }, tx);
        }

        if (notification is not null)
        {
            await NotificationOutbox.AppendAsync(database, c, tx, notification);
        }

        await tx.CommitAsync(ct);
        return [];
    }

    public async Task<StoredManifest?> FindManifestAsync(string repository, Digest digest, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<(string Digest, string MediaType, byte[] Content, string? ArtifactType, string? Subject, string? Annotations, long CreatedAt)?>(
            $"SELECT digest, media_type, content, artifact_type, subject, annotations, created_at FROM manifests WHERE repository_id = {RepositoryId} AND digest = @digest",
            new { repository, digest = digest.ToString() });
        return row is { } r ? ToStoredManifest(r) : null;
    }

    public async Task<StoredManifest?> FindTaggedManifestAsync(string repository, string tag, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<(string Digest, string MediaType, byte[] Content, string? ArtifactType, string? Subject, string? Annotations, long CreatedAt)?>(
            $"""
            SELECT m.digest, m.media_type, m.content, m.artifact_type, m.subject, m.annotations, m.created_at
            FROM tags t JOIN manifests m ON m.repository_id = t.repository_id AND m.digest = t.digest
            WHERE t.repository_id = {RepositoryId} AND t.name = @tag
            """,
            new { repository, tag });
        return row is { } r ? ToStoredManifest(r) : null;
    }

    public async Task<Digest?> FindTagAsync(string repository, string tag, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var digest = await c.QuerySingleOrDefaultAsync<string?>(
            $"SELECT digest FROM tags WHERE repository_id = {RepositoryId} AND name = @tag", new { repository, tag });
        return digest is null ? null : Digest.Parse(digest);
    }

    public async Task<bool> DeleteManifestAsync(string repository, Digest digest, OutboxEvent? notification, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // The manifest's lock orders this against a put of the same manifest that moves a tag to it.
        await database.LockAsync(c, tx, [digest.ToString()]);
        // Foreign keys cascade to the manifest's tags and reference rows.
        var deleted = await c.ExecuteAsync(
            $"DELETE FROM manifests WHERE repository_id = {RepositoryId} AND digest = @digest",
            new { repository, digest = digest.ToString() }, tx) > 0;
        if (deleted)
        {
            // Its pull statistics go with it (migration 016: no foreign key, so a flush never fails on a deleted manifest).
            await c.ExecuteAsync(
                $"DELETE FROM manifest_pulls WHERE repository_id = {RepositoryId} AND digest = @digest", new { repository, digest = digest.ToString() }, tx);
        }

        if (deleted && notification is not null)
        {
            await NotificationOutbox.AppendAsync(database, c, tx, notification);
        }

        await tx.CommitAsync(ct);
        return deleted;
    }

    public async Task<bool> DeleteTagAsync(string repository, string tag, OutboxEvent? notification, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var deleted = await c.ExecuteAsync($"DELETE FROM tags WHERE repository_id = {RepositoryId} AND name = @tag", new { repository, tag }, tx) > 0;
        if (deleted && notification is not null)
        {
            await NotificationOutbox.AppendAsync(database, c, tx, notification);
        }

        await tx.CommitAsync(ct);
        return deleted;
    }

    public async Task<IReadOnlyList<string>?> ListTagsAsync(string repository, string? last, int limit, CancellationToken ct)
    {
        // distribution-spec: tags in lexical, case-insensitive order; the exact name breaks ties so paging is total.
        // Two statements rather than "@last IS NULL OR …", so SQLite seeks the tags_by_folded_name index to the page.
        var after = last is null ? "" : "AND lower(name) >= lower(@last) AND (lower(name) > lower(@last) OR name > @last)";
        await using var c = await database.OpenAsync(ct);
        var tags = (await c.QueryAsync<string>(
            $"SELECT name FROM tags WHERE repository_id = {RepositoryId} {after} ORDER BY lower(name), name LIMIT @limit",
            new { repository, last, limit })).AsList();
        if (tags.Count == 0 && await c.QuerySingleOrDefaultAsync<long?>("SELECT id FROM repositories WHERE name = @repository", new { repository }) is null)
        {
            return null;
        }

        return tags;
    }

    public async Task<IReadOnlyList<string>> ListRepositoriesAsync(string? last, int limit, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var names = await c.QueryAsync<string>(
            "SELECT name FROM repositories WHERE (@last IS NULL OR name > @last) ORDER BY name LIMIT @limit", new { last, limit });
        return names.AsList();
    }

    public async Task<IReadOnlyList<Referrer>> ListReferrersAsync(string repository, Digest subject, string? artifactType, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<(string Digest, string MediaType, long Size, string? ArtifactType, string? Annotations)>(
            $"""
            SELECT digest, media_type, length(content), artifact_type, annotations FROM manifests
            WHERE repository_id = {RepositoryId} AND subject = @subject AND (@artifactType IS NULL OR artifact_type = @artifactType)
            ORDER BY digest
            """,
            new { repository, subject = subject.ToString(), artifactType });
        return [.. rows.Select(r => new Referrer(Digest.Parse(r.Digest), r.MediaType, r.Size, r.ArtifactType, r.Annotations))];
    }

    public async Task CreateUploadAsync(UploadSession session, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await c.ExecuteAsync(
            "INSERT INTO uploads (id, repository, started_at) VALUES (@Id, @Repository, @startedAt)",
            new { session.Id, session.Repository, startedAt = session.StartedAt.ToUnixTimeMilliseconds() });
    }

    public async Task<UploadSession?> FindUploadAsync(string id, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<(string Id, string Repository, long StartedAt, string? CompletingDigest, long Size)?>(
            "SELECT id, repository, started_at, completing_digest, size FROM uploads WHERE id = @id", new { id });
        return row is { } r ? ToUploadSession(r) : null;
    }

    public async Task<bool> MarkUploadCompletingAsync(string id, Digest digest, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // Under the digest's lock, which the collector's BeginBlobDeletionAsync takes too: either it sees this mark,
        // or this sees its row (decision 005).
        await database.LockAsync(c, tx, [digest.ToString()]);
        var marked = await c.ExecuteAsync(
            "UPDATE uploads SET completing_digest = @digest WHERE id = @id AND NOT EXISTS (SELECT 1 FROM blob_deletions WHERE digest = @digest)",
            new { id, digest = digest.ToString() }, tx);
        var done = marked > 0
            || await c.QuerySingleOrDefaultAsync<int?>("SELECT 1 FROM blob_deletions WHERE digest = @digest", new { digest = digest.ToString() }, tx) is null;
        await tx.CommitAsync(ct);
        return done;
    }

    public async Task<bool> DeleteUploadAsync(string id, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.ExecuteAsync("DELETE FROM uploads WHERE id = @id", new { id }) > 0;
    }

    public async Task<IReadOnlyList<UploadSession>> ListUploadsStartedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<(string Id, string Repository, long StartedAt, string? CompletingDigest, long Size)>(
            "SELECT id, repository, started_at, completing_digest, size FROM uploads WHERE started_at < @cutoff ORDER BY started_at",
            new { cutoff = cutoff.ToUnixTimeMilliseconds() });
        return [.. rows.Select(ToUploadSession)];
    }

    private static async Task<IReadOnlyList<Digest>> FindAbsentAsync(DbConnection c, DbTransaction tx, string sql, long repositoryId, IReadOnlyCollection<Digest> digests)
    {
        if (digests.Count == 0)
        {
            return [];
        }

        var present = (await c.QueryAsync<string>(sql, new { repositoryId, digests = digests.Select(d => d.ToString()).Distinct().ToList() }, tx))
            .ToHashSet(StringComparer.Ordinal);
        return [.. digests.Where(d => !present.Contains(d.ToString())).Distinct()];
    }

    private Task<int> InsertBlobLinkAsync(DbConnection c, DbTransaction tx, long repositoryId, Digest digest, long size) =>
        c.ExecuteAsync(
            """
            INSERT INTO blob_links (repository_id, digest, size, created_at) VALUES (@repositoryId, @digest, @size, @now)
            ON CONFLICT (repository_id, digest) DO NOTHING
            """,
            new { repositoryId, digest = digest.ToString(), size, now = Now() }, tx);

    private async Task<long> EnsureRepositoryAsync(DbConnection c, DbTransaction tx, string repository)
    {
        await c.ExecuteAsync(
            "INSERT INTO repositories (name, created_at) VALUES (@repository, @now) ON CONFLICT (name) DO NOTHING",
            new { repository, now = Now() }, tx);
        return await c.QuerySingleAsync<long>("SELECT id FROM repositories WHERE name = @repository", new { repository }, tx);
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static UploadSession ToUploadSession((string Id, string Repository, long StartedAt, string? CompletingDigest, long Size) r) =>
        new(r.Id, r.Repository, DateTimeOffset.FromUnixTimeMilliseconds(r.StartedAt), r.CompletingDigest is null ? null : Digest.Parse(r.CompletingDigest), r.Size);

    // References are only needed by GC and deletes, which read them from their own tables.
    private static StoredManifest ToStoredManifest((string Digest, string MediaType, byte[] Content, string? ArtifactType, string? Subject, string? Annotations, long CreatedAt) r) =>
        new(Digest.Parse(r.Digest), r.MediaType, r.Content, r.ArtifactType, r.Subject is null ? null : Digest.Parse(r.Subject), r.Annotations, [], [],
            DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt));
}
