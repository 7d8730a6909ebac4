-- The PostgreSQL twin of Sqlite/017-blob-uncompressed-sizes.sql.
-- What a blob weighs once decompressed (issue 11: the tag page shows each layer's compressed and uncompressed size).
-- Measured after the push by any node's LayerSizeService (a gzip or zstd stream is read through; anything else is its
-- own size), never on the request path. A blob is immutable, so a row never changes; GC leaves rows of deleted blobs
-- (a digest pushed again weighs the same). -1: the blob could not be read as the compression it claims.
CREATE TABLE blob_uncompressed_sizes (
    digest             TEXT   PRIMARY KEY,
    uncompressed_size  BIGINT NOT NULL,
    measured_at        BIGINT NOT NULL
);
