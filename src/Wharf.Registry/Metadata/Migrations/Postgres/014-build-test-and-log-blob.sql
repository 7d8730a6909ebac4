-- The PostgreSQL twin of Sqlite/014-build-test-and-log-blob.sql.
-- Automated builds (issue 10, decision 023): a build's test step, a shell command run in the built image before the
-- push, whose failure fails the build (NULL: none).
ALTER TABLE builds ADD COLUMN test_command TEXT;
