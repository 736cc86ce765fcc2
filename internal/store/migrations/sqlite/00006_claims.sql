-- Claims: the library of checked claims that posts are matched against,
-- with the fields of schema.org ClaimReview. key is the stable identity of
-- an import (the canonical review URL, 'checkthat:<id>', or a hash of the
-- folded text and publisher). folded is the folded text, title and summary,
-- for substring search. Lists are JSON arrays of strings. Times are Unix
-- milliseconds.

-- +goose Up
CREATE TABLE claims (
    id          INTEGER PRIMARY KEY,
    key         TEXT    NOT NULL UNIQUE,
    text        TEXT    NOT NULL,
    title       TEXT    NOT NULL DEFAULT '',
    claimant    TEXT    NOT NULL DEFAULT '',
    claim_date  INTEGER,
    appearances TEXT    NOT NULL DEFAULT '[]',
    verdict     TEXT    NOT NULL CHECK (verdict IN ('false', 'misleading', 'missing-context', 'unproven', 'true')),
    rating_text TEXT    NOT NULL DEFAULT '',
    review_url  TEXT    NOT NULL DEFAULT '',
    publisher   TEXT    NOT NULL DEFAULT '',
    lang        TEXT    NOT NULL DEFAULT '',
    review_date INTEGER,
    summary     TEXT    NOT NULL DEFAULT '',
    evidence    TEXT    NOT NULL DEFAULT '[]',
    tags        TEXT    NOT NULL DEFAULT '[]',
    folded      TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX claims_verdict ON claims(verdict, id);
CREATE INDEX claims_lang ON claims(lang, id);
CREATE INDEX claims_updated ON claims(updated_at, id);

-- +goose Down
DROP TABLE claims;
