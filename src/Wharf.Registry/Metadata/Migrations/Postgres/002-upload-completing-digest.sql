-- The digest an upload is being committed under, so a crash between commit and link can be finished later.
ALTER TABLE uploads ADD COLUMN completing_digest TEXT COLLATE "C";
