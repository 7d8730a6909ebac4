-- Times are unix milliseconds (BIGINT) so the same queries serve SQLite and PostgreSQL.
CREATE TABLE repositories (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    created_at  BIGINT  NOT NULL
);

-- Which blobs a repository may serve: a blob pushed to a/x is not readable from b/y until linked there.
CREATE TABLE blob_links (
    repository_id  BIGINT NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
    digest         TEXT   NOT NULL,
    size           BIGINT NOT NULL,
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (repository_id, digest)
);
CREATE INDEX blob_links_by_digest ON blob_links(digest);

-- Manifest bytes live in the database (Quay-style): they are small and read far more often than written.
CREATE TABLE manifests (
    repository_id  BIGINT NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
    digest         TEXT   NOT NULL,
    media_type     TEXT   NOT NULL,
    artifact_type  TEXT,
    subject        TEXT,
    annotations    TEXT,
    content        BLOB   NOT NULL,
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (repository_id, digest)
);
CREATE INDEX manifests_by_subject ON manifests(repository_id, subject) WHERE subject IS NOT NULL;

-- What each manifest needs: the blobs (config, layers) and child manifests (index entries). GC walks these.
CREATE TABLE manifest_blobs (
    repository_id    BIGINT NOT NULL,
    manifest_digest  TEXT   NOT NULL,
    blob_digest      TEXT   NOT NULL,
    PRIMARY KEY (repository_id, manifest_digest, blob_digest),
    FOREIGN KEY (repository_id, manifest_digest) REFERENCES manifests(repository_id, digest) ON DELETE CASCADE
);
CREATE TABLE manifest_children (
    repository_id    BIGINT NOT NULL,
    manifest_digest  TEXT   NOT NULL,
    child_digest     TEXT   NOT NULL,
    PRIMARY KEY (repository_id, manifest_digest, child_digest),
    FOREIGN KEY (repository_id, manifest_digest) REFERENCES manifests(repository_id, digest) ON DELETE CASCADE
);

CREATE TABLE tags (
    repository_id  BIGINT NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
    name           TEXT   NOT NULL,
    digest         TEXT   NOT NULL,
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (repository_id, name),
    FOREIGN KEY (repository_id, digest) REFERENCES manifests(repository_id, digest) ON DELETE CASCADE
);

CREATE TABLE uploads (
    id          TEXT   PRIMARY KEY,
    repository  TEXT   NOT NULL,
    started_at  BIGINT NOT NULL
);
CREATE INDEX uploads_by_start ON uploads(started_at);
