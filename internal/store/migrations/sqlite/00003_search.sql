-- Search: a full-text index of posts in two forms (see internal/store/search.go).
--
-- post_fts is a contentless FTS5 table keyed by posts.id with two columns:
--   exact  - title and text as stored (NFC); the tokenizer lower-cases them
--            and keeps diacritics, so "mà" and "ma" are different words;
--   folded - fold(title and text): case and diacritics removed by the
--            project's own text.Fold, registered as the SQL function fold()
--            (FTS5's remove_diacritics does not fold "đ").
-- Tokens are runs of letters (L*) and decimal digits (Nd); everything else,
-- including hyphens, apostrophes and combining marks, separates them. The
-- PostgreSQL index uses the same rule.
-- Triggers keep the index in step with posts; existing posts are backfilled.

-- +goose Up
CREATE VIRTUAL TABLE post_fts USING fts5(
    exact, folded,
    content = '', contentless_delete = 1,
    tokenize = "unicode61 remove_diacritics 0 categories 'L* Nd'"
);

INSERT INTO post_fts (rowid, exact, folded)
SELECT id, title || ' ' || text, fold(title || ' ' || text) FROM posts;

-- +goose StatementBegin
CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN
    INSERT INTO post_fts (rowid, exact, folded)
    VALUES (new.id, new.title || ' ' || new.text, fold(new.title || ' ' || new.text));
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER posts_fts_update AFTER UPDATE OF title, text ON posts BEGIN
    DELETE FROM post_fts WHERE rowid = old.id;
    INSERT INTO post_fts (rowid, exact, folded)
    VALUES (new.id, new.title || ' ' || new.text, fold(new.title || ' ' || new.text));
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN
    DELETE FROM post_fts WHERE rowid = old.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER posts_fts_delete;
DROP TRIGGER posts_fts_update;
DROP TRIGGER posts_fts_insert;
DROP TABLE post_fts;
