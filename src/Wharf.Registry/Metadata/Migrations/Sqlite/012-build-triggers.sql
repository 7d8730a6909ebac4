-- Automated builds (issue 10): a trigger ties a repository to a git remote and its ordered build rules; pushes to the
-- remote (webhooks, or polling) queue builds in the builds table, which now says which trigger, ref and commit a build
-- is for and why it was queued. Secrets are sealed by the server's SecretBox (decision 023) before they get here.
CREATE TABLE build_triggers (
    id                      INTEGER PRIMARY KEY,
    repository              TEXT    NOT NULL,
    git_url                 TEXT    NOT NULL,
    -- JSON array of rules: kind, source, tag, dockerfile, context, buildArgs, autobuild, cache (Triggers/BuildRule).
    rules                   TEXT    NOT NULL,
    -- What a webhook must prove it knows (HMAC key or token), sealed.
    webhook_secret          TEXT    NOT NULL,
    -- A token or deploy key for the remote, sealed; NULL for a public remote.
    credential              TEXT,
    enabled                 INTEGER NOT NULL DEFAULT 1,
    -- After this many failed builds in a row the trigger disables itself (0: never); a success resets the count.
    disable_after_failures  INTEGER NOT NULL DEFAULT 5,
    consecutive_failures    INTEGER NOT NULL DEFAULT 0,
    -- For a remote that cannot call back: how often to ask it for its refs (git ls-remote), when a node last did, and
    -- the refs it then had (JSON object full ref -> commit); NULL interval: webhooks only.
    poll_interval_seconds   INTEGER,
    polled_at               BIGINT,
    polled_refs             TEXT,
    -- The host[:port] the trigger's creator reached this registry by: its builds' FROM of this registry, DOCKER_REPO.
    registry_host           TEXT,
    created_by              TEXT    NOT NULL,
    created_at              BIGINT  NOT NULL
);
CREATE INDEX build_triggers_by_repository ON build_triggers(repository, id);

-- Webhook deliveries already acted on, by the sender's delivery id: a redelivery or a replay builds nothing twice.
CREATE TABLE trigger_deliveries (
    trigger_id   BIGINT NOT NULL REFERENCES build_triggers(id) ON DELETE CASCADE,
    delivery_id  TEXT   NOT NULL,
    received_at  BIGINT NOT NULL,
    PRIMARY KEY (trigger_id, delivery_id)
);

-- A trigger's build: the trigger (NULL for a build someone submitted; kept as history when the trigger is deleted),
-- the full ref it was queued for (its git_ref is the pushed commit when the push named one), and why: webhook, poll,
-- manual, base-image or retry.
ALTER TABLE builds ADD COLUMN trigger_id BIGINT;
ALTER TABLE builds ADD COLUMN source_ref TEXT;
ALTER TABLE builds ADD COLUMN reason TEXT;
CREATE INDEX builds_by_trigger ON builds(trigger_id, id) WHERE trigger_id IS NOT NULL;
