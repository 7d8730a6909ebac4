-- The PostgreSQL twin of Sqlite/014-build-test-and-log-blob.sql.
-- Automated builds (issue 10, decision 023): a build's test step, a shell command run in the built image before the
-- push, whose failure fails the build (NULL: none).
ALTER TABLE builds ADD COLUMN test_command TEXT;

-- An ended build's log is moved out of build_logs into one blob of the shared blob store (gzip of its lines, each ending
-- with a newline; decision 017), named here; garbage collection keeps a blob while a build row names it, so the log
-- lives exactly as long as the build's history. NULL while the lines are rows (a build not yet ended, or not yet moved).
ALTER TABLE builds ADD COLUMN log_digest TEXT COLLATE "C";
-- "Does a build keep this blob as its log?", asked by garbage collection.
CREATE INDEX builds_by_log ON builds(log_digest) WHERE log_digest IS NOT NULL;
-- The ended builds whose log is still rows, which the queue's upkeep moves.
CREATE INDEX builds_log_in_rows ON builds(id) WHERE log_digest IS NULL AND state IN ('succeeded', 'failed', 'cancelled');
