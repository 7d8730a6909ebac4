-- Images built on pull from a git URL (issue 10, decision 025): one row per (repository, commit) that a pull asked
-- for, so that however many pulls arrive, on however many nodes, one build runs. The row is claimed by an INSERT that
-- only one caller wins; its build_id is set once that caller has queued the build (NULL meanwhile, and taken over
-- when a claim is older than a minute: its node died between claiming and queueing). Times are unix milliseconds.
CREATE TABLE git_pull_builds (
    -- git/<host>/<repository path>[/<folder>]: the registry repository the image is pushed to.
    repository      TEXT   NOT NULL,
    git_commit      TEXT   NOT NULL,
    build_id        BIGINT,
    -- Who asked first (an account, or @<address> for an anonymous caller): their quota counts it.
    caller          TEXT   NOT NULL,
    created_at      BIGINT NOT NULL,
    -- When a pull last asked for it (kept to the hour): an image nobody pulled for GitPull:IdleTime is deleted.
    last_pulled_at  BIGINT NOT NULL,
    PRIMARY KEY (repository, git_commit)
);
CREATE INDEX git_pull_builds_by_caller ON git_pull_builds(caller, created_at);
CREATE INDEX git_pull_builds_by_last_pull ON git_pull_builds(last_pulled_at);
