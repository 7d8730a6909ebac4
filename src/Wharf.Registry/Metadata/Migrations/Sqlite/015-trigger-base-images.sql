-- Rebuild on base-image update (issue 10, decision 023): what a trigger's builds read of this registry by tag, learned
-- from its successful builds, and the rebuilds a tag's move owes them. Times are unix milliseconds.

-- A trigger may be told not to rebuild when a base image moves (1: it does, the default).
ALTER TABLE build_triggers ADD COLUMN rebuild_on_base_image INTEGER NOT NULL DEFAULT 1;

-- The images of this registry, by repository and tag, that the latest successful build of a trigger's ref read (its
-- FROM, COPY --from, RUN --mount from an image): replaced, for that ref and those image tags, by each success. A FROM
-- by digest never moves and is not here.
CREATE TABLE trigger_base_images (
    trigger_id       BIGINT NOT NULL REFERENCES build_triggers(id) ON DELETE CASCADE,
    source_ref       TEXT   NOT NULL,
    -- The tags that build pushed to the trigger's repository (JSON array): one ref can build several images.
    image_tags       TEXT   NOT NULL,
    base_repository  TEXT   NOT NULL,
    base_tag         TEXT   NOT NULL,
    -- The manifest the tag named when the build read it.
    base_digest      TEXT   NOT NULL,
    recorded_at      BIGINT NOT NULL,
    PRIMARY KEY (trigger_id, source_ref, image_tags, base_repository, base_tag)
);
-- Who reads a tag: asked in the transaction of every manifest put by tag.
CREATE INDEX trigger_base_images_by_base ON trigger_base_images(base_repository, base_tag);

-- Rebuilds owed: a watched tag moved to another manifest (written in the put's transaction, or by a build that ended
-- after its base moved under it). Any node claims one under a lease and queues the ref's builds; one row per trigger
-- and ref, so moves before it is taken make one rebuild. No foreign key: a push never waits on a trigger's delete, and
-- a row whose trigger is gone is dropped when taken.
CREATE TABLE base_image_rebuilds (
    id               INTEGER PRIMARY KEY,
    trigger_id       BIGINT  NOT NULL,
    source_ref       TEXT    NOT NULL,
    -- The move that asked for it (the latest, when several did).
    base_repository  TEXT    NOT NULL,
    base_tag         TEXT    NOT NULL,
    base_digest      TEXT    NOT NULL,
    -- Counted up by each further move, so a claim that finishes after one does not delete it.
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       BIGINT  NOT NULL,
    claimed_until    BIGINT,
    UNIQUE (trigger_id, source_ref)
);
