-- The PostgreSQL twin of Sqlite/021-build-secrets.sql.
-- A build's secrets (RUN --mount=type=secret) and ssh key files (RUN --mount=type=ssh), given with its submission
-- (decision 017). The builds row names them only by id (JSON arrays, '[]' for none), which the API shows and a retry
-- reads: their values are deleted when the build ends, so a build that had some cannot be queued again without them.
ALTER TABLE builds ADD COLUMN secret_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE builds ADD COLUMN ssh_ids TEXT NOT NULL DEFAULT '[]';

-- The values, each sealed under Secrets:Key (AES-256-GCM, its kind and id authenticated: SecretBox), kept only while
-- their build is queued or running: the transaction that ends a build in any way (succeeded, failed, cancelled, given up
-- by recovery) deletes them, and pruning a build's history would take any left with its row. An ssh id's key files are
-- ordered by position; a secret's is 0. Never carried by wharf migrate.
CREATE TABLE build_secrets (
    build_id  BIGINT  NOT NULL REFERENCES builds(id) ON DELETE CASCADE,
    kind      TEXT    NOT NULL CHECK (kind IN ('secret', 'ssh')),
    name      TEXT COLLATE "C" NOT NULL,
    position  INTEGER NOT NULL,
    sealed    TEXT    NOT NULL,
    PRIMARY KEY (build_id, kind, name, position)
);
