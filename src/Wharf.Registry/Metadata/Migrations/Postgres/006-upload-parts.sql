-- The PostgreSQL twin of Sqlite/006-upload-parts.sql, statement for statement; text keys COLLATE "C" as everywhere here.
-- An upload is the parts the blob store staged for it, each written once under its own name (decision 009). The
-- database, not the staging, says which parts count and in which order: appending is one conditional update of
-- uploads.size plus a row here, so any node may continue an upload and two writers can never both append at one offset.
ALTER TABLE uploads ADD COLUMN size BIGINT NOT NULL DEFAULT 0;

CREATE TABLE upload_parts (
    upload_id     TEXT COLLATE "C" NOT NULL REFERENCES uploads(id) ON DELETE CASCADE,
    start_offset  BIGINT NOT NULL,
    length        BIGINT NOT NULL,
    part_id       TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (upload_id, start_offset)
);

-- Sessions staged before this migration (one file appended in place) cannot be continued as parts: forget them, so
-- their clients start those blobs again; the purger removes the old files. A session whose blob was committed but
-- not yet linked is kept: its next PUT links it without needing any staging.
DELETE FROM uploads WHERE completing_digest IS NULL;
