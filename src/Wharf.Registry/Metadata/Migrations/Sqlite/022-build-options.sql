-- `wharf build --server` is the same build as `wharf build` (issue 9): the options a local build takes that change
-- its image, its limits or its cache are kept with the queued build, for whichever worker runs it (decision 017).
-- The reproducible epoch the submitter resolved (--source-date-epoch, $SOURCE_DATE_EPOCH, else their context's git
-- commit time, else 0); NULL: a git context's commit time, else 0. The worker never runs git in an uploaded context.
ALTER TABLE builds ADD COLUMN source_date_epoch INTEGER;
-- 0 for --no-reproducible: real timestamps.
ALTER TABLE builds ADD COLUMN reproducible INTEGER NOT NULL DEFAULT 1;
-- The layers' compression: gzip, zstd or none.
ALTER TABLE builds ADD COLUMN compression TEXT NOT NULL DEFAULT 'gzip';
-- The target platform, os/arch[/variant]; NULL: the worker's own.
ALTER TABLE builds ADD COLUMN platform TEXT;
-- The build's own memory limit per RUN step, in bytes: it only ever lowers the worker's Builds:StepMemoryLimit.
ALTER TABLE builds ADD COLUMN memory_limit INTEGER;
-- The build cache refs (decision 019): cache_from a JSON array of references; cache_to a JSON array of
-- {"ref", "mode", "ignoreError"}. A ref of this registry is read and written in process as the submitter.
ALTER TABLE builds ADD COLUMN cache_from TEXT NOT NULL DEFAULT '[]';
ALTER TABLE builds ADD COLUMN cache_to TEXT NOT NULL DEFAULT '[]';
