-- Tags are listed in case-insensitive lexical order (distribution-spec); this index serves that order and its paging.
-- lower() of a COLLATE "C" column folds ASCII only and keeps byte order, as SQLite's lower() and ORDER BY do.
CREATE INDEX tags_by_folded_name ON tags(repository_id, lower(name), name);
