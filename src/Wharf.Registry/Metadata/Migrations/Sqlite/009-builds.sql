-- Builds on the server (issue 9, decision 017): this table is the queue every worker claims from, on any node or
-- machine sharing the database. Times are unix milliseconds; tags and build args are JSON text; flags are 0/1.
CREATE TABLE builds (
    id                INTEGER PRIMARY KEY,
    repository        TEXT    NOT NULL,
    -- JSON array of the tags the image is pushed under.
    tags              TEXT    NOT NULL,
    -- The account that submitted it, whose push right was checked then ('' on a server without auth).
    requested_by      TEXT    NOT NULL,
    state             TEXT    NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    -- Why it failed: one line naming the failing step (or the context, or the push).
    error             TEXT,
    -- An uploaded context: a blob in the shared blob store, kept by garbage collection while the build is queued or
    -- running (decision 017). Otherwise a git context, cloned by the worker; git_commit is the commit the ref resolved to.
    context_digest    TEXT,
    git_url           TEXT,
    git_ref           TEXT,
    git_subfolder     TEXT,
    git_commit        TEXT,
    dockerfile        TEXT    NOT NULL,
    target            TEXT,
    -- JSON object NAME → VALUE.
    build_args        TEXT    NOT NULL,
    no_cache          INTEGER NOT NULL DEFAULT 0,
    created_at        BIGINT  NOT NULL,
    started_at        BIGINT,
    finished_at       BIGINT,
    manifest_digest   TEXT,
    -- The worker running it and until when its claim holds; a running build whose lease is over is queued again
    -- (or failed after Builds:MaxAttempts claims), so none stays running after its worker died.
    worker_id         TEXT,
    lease_expires_at  BIGINT,
    attempts          INTEGER NOT NULL DEFAULT 0,
    cancel_requested  INTEGER NOT NULL DEFAULT 0,
    CHECK ((context_digest IS NULL) <> (git_url IS NULL))
);
-- Claims take the oldest queued build; recovery looks at running ones.
CREATE INDEX builds_by_state ON builds(state, id);
-- A repository's history, newest first.
CREATE INDEX builds_by_repository ON builds(repository, id);
-- "Does a queued or running build need this blob?", asked by garbage collection.
CREATE INDEX builds_by_context ON builds(context_digest) WHERE context_digest IS NOT NULL;

-- A build's log, line by line in order, written by whichever worker runs it and read by any node that follows it.
CREATE TABLE build_logs (
    build_id  BIGINT NOT NULL REFERENCES builds(id) ON DELETE CASCADE,
    sequence  BIGINT NOT NULL,
    text      TEXT   NOT NULL,
    PRIMARY KEY (build_id, sequence)
);
