-- The PostgreSQL twin of Sqlite/016-repository-overview.sql (decision 008: names and digests COLLATE "C").
-- What the web UI and /api/v1/repositories show beyond /v2 (issue 11): pull statistics, descriptions, tag push times.
-- Times are unix milliseconds.

-- Pull statistics (decision 027). Each node counts pulls in memory and adds its counts here in batches
-- (pulls = pulls + n, last_pulled_at = the later of the two), so any number of nodes add up.
-- Per repository: every manifest GET of an image manifest (an index is only the way to one, so a multi-platform pull
-- counts once).
CREATE TABLE repository_pulls (
    repository_id   BIGINT NOT NULL PRIMARY KEY REFERENCES repositories(id) ON DELETE CASCADE,
    pulls           BIGINT NOT NULL,
    last_pulled_at  BIGINT NOT NULL
);

-- Per manifest: every manifest GET, by the digest it answered with (by tag or by digest alike), so a tag's
-- "last pulled" is its manifest's, whether clients pull it by name or pinned by digest. Deleted with the manifest.
CREATE TABLE manifest_pulls (
    repository_id   BIGINT NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
    digest          TEXT COLLATE "C" NOT NULL,
    pulls           BIGINT NOT NULL,
    last_pulled_at  BIGINT NOT NULL,
    PRIMARY KEY (repository_id, digest)
);

-- A repository's description (Markdown), set by its administrators; gone with the repository.
CREATE TABLE repository_descriptions (
    repository_id  BIGINT NOT NULL PRIMARY KEY REFERENCES repositories(id) ON DELETE CASCADE,
    description    TEXT   NOT NULL,
    updated_at     BIGINT NOT NULL,
    updated_by     TEXT COLLATE "C" NOT NULL
);

-- tags.updated_at is when the tag was last pushed (every put by tag sets it, since migration 001: nothing to
-- backfill). This index covers a repository's tag count and last push, which the repository listing aggregates.
CREATE INDEX tags_by_push ON tags(repository_id, updated_at);
