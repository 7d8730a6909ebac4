-- Tags are listed in case-insensitive lexical order (distribution-spec); this index serves that order and its paging.
CREATE INDEX tags_by_folded_name ON tags(repository_id, lower(name), name);
