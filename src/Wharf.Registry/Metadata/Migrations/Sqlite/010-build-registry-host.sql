-- The host (and port) the submitter reached this registry by, as its request's Host header named it: a FROM that
-- names this host is read in process as the submitter (decision 017), so a build may start from a private image the
-- submitter may pull, and never from one they may not. NULL for builds queued before this column existed.
ALTER TABLE builds ADD COLUMN registry_host TEXT;
