-- Each garbage collection, by any node or `wharf gc` (issue 11: the storage page shows administrators the runs and
-- what they freed). Written once, when a run ends; a run that stopped or failed is recorded with what it freed until
-- then. Kept to the newest 1000 rows. Times are unix milliseconds.
CREATE TABLE garbage_collections (
    id             INTEGER PRIMARY KEY,
    started_at     BIGINT  NOT NULL,
    ended_at       BIGINT  NOT NULL,
    -- completed, cancelled or failed
    outcome        TEXT    NOT NULL,
    links_removed  INTEGER NOT NULL,
    blobs_deleted  INTEGER NOT NULL,
    bytes_freed    BIGINT  NOT NULL
);
CREATE INDEX garbage_collections_by_start ON garbage_collections(started_at);
