-- The audit log filtered by what an event acted on (a repository, an account, a team: GET /api/v1/audit?target=, the
-- admin audit page), newest first like the actor and action filters.
CREATE INDEX audit_events_by_target ON audit_events(target, id);
