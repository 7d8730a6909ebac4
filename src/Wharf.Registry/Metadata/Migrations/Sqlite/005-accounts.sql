-- Accounts and access (decision 007). Enumerations are stored as the lowercase words of the API ('user',
-- 'read-write'…), booleans as 0/1 and times as unix milliseconds, so the same queries serve SQLite and PostgreSQL.

-- Users, organisations and robots share one namespace of names: one table, one UNIQUE.
CREATE TABLE accounts (
    id             INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL UNIQUE,
    kind           TEXT    NOT NULL CHECK (kind IN ('user', 'organisation', 'robot')),
    password_hash  TEXT,
    -- A robot's organisation; deleting the organisation deletes its robots.
    owner_id       BIGINT  REFERENCES accounts(id) ON DELETE CASCADE,
    is_admin       INTEGER NOT NULL DEFAULT 0,
    created_at     BIGINT  NOT NULL,
    disabled_at    BIGINT,
    CHECK ((kind = 'robot') = (owner_id IS NOT NULL))
);
CREATE INDEX accounts_by_owner ON accounts(owner_id) WHERE owner_id IS NOT NULL;

CREATE TABLE teams (
    id               INTEGER PRIMARY KEY,
    organisation_id  BIGINT  NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name             TEXT    NOT NULL,
    role             TEXT    NOT NULL CHECK (role IN ('member', 'admin')),
    created_at       BIGINT  NOT NULL,
    UNIQUE (organisation_id, name)
);

CREATE TABLE team_members (
    team_id     BIGINT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    account_id  BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, account_id)
);
-- Building a principal starts from the account.
CREATE INDEX team_members_by_account ON team_members(account_id);

-- Keyed by repository name, not repositories.id: a grant may be made before the first push creates the repository.
CREATE TABLE repository_grants (
    id          INTEGER PRIMARY KEY,
    repository  TEXT    NOT NULL,
    account_id  BIGINT  REFERENCES accounts(id) ON DELETE CASCADE,
    team_id     BIGINT  REFERENCES teams(id) ON DELETE CASCADE,
    access      TEXT    NOT NULL CHECK (access IN ('read', 'write', 'admin')),
    created_at  BIGINT  NOT NULL,
    CHECK ((account_id IS NULL) <> (team_id IS NULL))
);
CREATE UNIQUE INDEX repository_grants_to_account ON repository_grants(account_id, repository) WHERE account_id IS NOT NULL;
CREATE UNIQUE INDEX repository_grants_to_team ON repository_grants(team_id, repository) WHERE team_id IS NOT NULL;
CREATE INDEX repository_grants_by_repository ON repository_grants(repository);

-- Absent means private, the default.
CREATE TABLE repository_visibility (
    repository  TEXT    PRIMARY KEY,
    is_public   INTEGER NOT NULL,
    updated_at  BIGINT  NOT NULL
);

-- Personal access tokens ('pat'), robot secrets ('robot') and OAuth2 refresh tokens ('refresh'): random secrets
-- stored as SHA-256 hex. scope NULL means uncapped (a robot secret, or a refresh token from a password login).
CREATE TABLE access_tokens (
    id            INTEGER PRIMARY KEY,
    account_id    BIGINT  NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL CHECK (kind IN ('pat', 'robot', 'refresh')),
    name          TEXT    NOT NULL,
    token_hash    TEXT    NOT NULL UNIQUE,
    scope         TEXT    CHECK (scope IN ('read', 'read-write', 'delete')),
    created_at    BIGINT  NOT NULL,
    expires_at    BIGINT,
    last_used_at  BIGINT,
    revoked_at    BIGINT
);
CREATE INDEX access_tokens_by_account ON access_tokens(account_id);

-- Append-only; read newest first (by id), filtered by actor or action and a time range.
CREATE TABLE audit_events (
    id              INTEGER PRIMARY KEY,
    at              BIGINT  NOT NULL,
    actor           TEXT    NOT NULL,
    action          TEXT    NOT NULL,
    target          TEXT    NOT NULL,
    detail          TEXT,
    client_address  TEXT
);
CREATE INDEX audit_events_by_at ON audit_events(at);
CREATE INDEX audit_events_by_actor ON audit_events(actor, id);
CREATE INDEX audit_events_by_action ON audit_events(action, id);

-- The login throttle, shared by every node: one row per account name ('account:NAME') and per client address
-- ('address:ADDR'). version makes each update a compare-and-swap, so concurrent failures are all counted.
CREATE TABLE login_failures (
    key                TEXT    PRIMARY KEY,
    failures           INTEGER NOT NULL,
    window_started_at  BIGINT  NOT NULL,
    lockouts           INTEGER NOT NULL,
    blocked_until      BIGINT,
    version            BIGINT  NOT NULL,
    updated_at         BIGINT  NOT NULL
);
CREATE INDEX login_failures_by_update ON login_failures(updated_at);
