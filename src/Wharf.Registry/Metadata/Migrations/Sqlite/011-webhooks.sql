-- Outgoing notifications (issue 10, decision 022): webhook endpoints, the outbox of events to deliver, and each
-- delivery of an event to an endpoint, which is also the endpoint's delivery log. Times are unix milliseconds.

-- An endpoint registered by an administrator of one repository, or of a namespace (every repository in it).
CREATE TABLE webhooks (
    id          INTEGER PRIMARY KEY,
    repository  TEXT,
    namespace   TEXT,
    url         TEXT    NOT NULL,
    -- Bits of the actions it is sent: 1 push, 2 delete, 4 pull, 8 build (WebhookActions).
    actions     INTEGER NOT NULL,
    -- The HMAC key, sealed by SecretBox under Secrets:Key (decisions 022 and 023); shown once, when made.
    secret      TEXT    NOT NULL,
    -- Extra request headers as a JSON object NAME → VALUE, sealed like the secret (they may hold a token).
    headers     TEXT    NOT NULL,
    enabled     INTEGER NOT NULL DEFAULT 1,
    created_by  TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    CHECK ((repository IS NULL) <> (namespace IS NULL))
);
-- Which endpoints an event of a repository goes to: asked in the transaction of every push and delete.
CREATE INDEX webhooks_by_repository ON webhooks(repository) WHERE repository IS NOT NULL;
CREATE INDEX webhooks_by_namespace ON webhooks(namespace) WHERE namespace IS NOT NULL;

-- The outbox: an event written in the same transaction as the change it reports (a manifest put or delete, a build's
-- end), only when some endpoint wants it; kept while a delivery names it.
CREATE TABLE webhook_events (
    id          INTEGER PRIMARY KEY,
    -- The event's id as receivers see it (a UUID): the same in every attempt and redelivery.
    event_id    TEXT    NOT NULL,
    action      TEXT    NOT NULL CHECK (action IN ('push', 'delete', 'pull', 'build')),
    repository  TEXT    NOT NULL,
    -- The event as sent: an entry of Distribution's envelope, or the build document (docs/api.md).
    payload     TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);

-- One event to one endpoint: the queue every node's delivery service claims from, and the endpoint's delivery log.
CREATE TABLE webhook_deliveries (
    id               INTEGER PRIMARY KEY,
    webhook_id       BIGINT  NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    event_id         BIGINT  NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
    state            TEXT    NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    -- Pending: not to be sent before this time. While a node is sending it, the end of that node's lease (the claim
    -- moves it forward), so a delivery whose node died is due again once the lease is over.
    next_attempt_at  BIGINT  NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    -- The id of the POST carrying it (X-Wharf-Delivery): given at its first claim with the other events sent along,
    -- kept for every retry of that POST. claim_id: who holds it now (a fresh id per claim).
    batch_id         TEXT,
    claim_id         TEXT,
    -- The last attempt: the receiver's status (NULL when none came), why it failed, how long it took.
    status_code      INTEGER,
    error            TEXT,
    duration_ms      BIGINT,
    last_attempt_at  BIGINT,
    redelivery_of    BIGINT,
    created_at       BIGINT  NOT NULL,
    finished_at      BIGINT
);
-- Claims take the oldest due pending delivery; delivered and failed ones are out of this index's way.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_by_batch ON webhook_deliveries(batch_id) WHERE batch_id IS NOT NULL;
-- An endpoint's delivery log, newest first, and its bound.
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries(webhook_id, id);
-- Events no delivery names any more are removed.
CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries(event_id);
