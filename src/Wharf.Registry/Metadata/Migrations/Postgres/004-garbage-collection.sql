-- A digest garbage collection is deleting right now (decision 005). While its row is here, no upload may
-- complete under that digest until the deletion is finished (by the collector or by the upload itself).
CREATE TABLE blob_deletions (
    digest      TEXT COLLATE "C" PRIMARY KEY,
    started_at  BIGINT NOT NULL
);
-- "Does any manifest need this blob?", asked per repository by the link sweep and globally before a delete.
CREATE INDEX manifest_blobs_by_blob ON manifest_blobs(blob_digest, repository_id);
CREATE INDEX uploads_by_completing_digest ON uploads(completing_digest) WHERE completing_digest IS NOT NULL;
