-- The PostgreSQL twin of Sqlite/019-data-protection-keys.sql.
-- The key ring that seals the web UI's session cookies and antiforgery tokens (ASP.NET Core data protection; decision
-- 026): in the database, like the token signing keys (decision 008), so every node behind a load balancer opens what
-- any other sealed, whatever disk it has. One row per key, written once by the node that made it, never changed
-- (a revocation is a new element). Times are unix milliseconds.
CREATE TABLE data_protection_keys (
    name        TEXT   PRIMARY KEY,
    xml         TEXT   NOT NULL,
    created_at  BIGINT NOT NULL
);
