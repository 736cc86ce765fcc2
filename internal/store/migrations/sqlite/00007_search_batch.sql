-- Search: new posts enter the full-text index once per stored batch (see
-- DB.UpsertPosts) instead of through a trigger per row: FTS5 flushes its
-- pending index at every statement, and a trigger made imports three times
-- slower. Updates and deletes keep their triggers.

-- +goose Up
DROP TRIGGER IF EXISTS posts_fts_insert;

-- +goose Down
-- +goose StatementBegin
CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN
    INSERT INTO post_fts (rowid, exact, folded)
    VALUES (new.id, new.title || ' ' || new.text, fold(new.title || ' ' || new.text));
END;
-- +goose StatementEnd
