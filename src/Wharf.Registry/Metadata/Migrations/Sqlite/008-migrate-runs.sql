-- Copies of a whole registry into this database by `wharf migrate` (decision 014), one row per copy. The source is
-- described without secrets (paths, host, database, bucket). completed_at is set in the transaction that writes the
-- copied registry, so a row without it is a copy not finished yet (interrupted, or running): `wharf serve` refuses
-- such a database, and `wharf migrate` from the same source continues the copy.
CREATE TABLE migrate_runs (
    id            INTEGER PRIMARY KEY,
    source        TEXT    NOT NULL,
    started_at    BIGINT  NOT NULL,
    completed_at  BIGINT
);
