-- Publish: fact-checks and notices written by the desk and shown on the
-- public site. A publication moves draft -> in_review -> approved ->
-- published, and may then be updated (a new version with a public change
-- note) or retracted (the page stays, marked, with the reason). Every
-- published version is kept in publication_versions. Lists (tags,
-- appearances, citations) are JSON. Times are Unix milliseconds.

-- +goose Up
CREATE TABLE publications (
    id             INTEGER PRIMARY KEY,
    kind           TEXT    NOT NULL CHECK (kind IN ('fact_check', 'notice')),
    slug           TEXT    NOT NULL UNIQUE CHECK (length(slug) > 0),
    unit_id        INTEGER NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
    case_id        INTEGER REFERENCES cases(id) ON DELETE SET NULL,
    status         TEXT    NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_review', 'approved', 'published', 'retracted')),
    title          TEXT    NOT NULL CHECK (length(trim(title)) > 0),
    summary        TEXT    NOT NULL DEFAULT '',
    body_md        TEXT    NOT NULL DEFAULT '',
    language       TEXT    NOT NULL DEFAULT 'vi',
    tags           TEXT    NOT NULL DEFAULT '[]',
    claim_reviewed TEXT    NOT NULL DEFAULT '',
    claimant       TEXT    NOT NULL DEFAULT '',
    claim_date     INTEGER,
    appearances    TEXT    NOT NULL DEFAULT '[]',
    rating         TEXT    NOT NULL DEFAULT '' CHECK (rating IN ('', 'false', 'misleading', 'missing-context', 'unproven', 'true')),
    rating_text    TEXT    NOT NULL DEFAULT '',
    citations      TEXT    NOT NULL DEFAULT '[]',
    author_id      INTEGER REFERENCES users(id) ON DELETE SET NULL,
    approver_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    claim_id       INTEGER REFERENCES claims(id) ON DELETE SET NULL,
    version        INTEGER NOT NULL DEFAULT 0,
    folded         TEXT    NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    published_at   INTEGER,
    retracted_at   INTEGER,
    retract_reason TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX publications_public ON publications(kind, status, published_at);
CREATE INDEX publications_unit ON publications(unit_id, status);
CREATE INDEX publications_case ON publications(case_id);

CREATE TABLE publication_versions (
    publication_id INTEGER NOT NULL REFERENCES publications(id) ON DELETE CASCADE,
    version        INTEGER NOT NULL,
    change_note    TEXT    NOT NULL DEFAULT '',
    snapshot       TEXT    NOT NULL,              -- JSON of the publication as published
    published_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
    published_at   INTEGER NOT NULL,
    PRIMARY KEY (publication_id, version)
);

-- Per-unit publishing rules. A unit without a row keeps the defaults.
CREATE TABLE publish_settings (
    unit_id       INTEGER PRIMARY KEY REFERENCES units(id) ON DELETE CASCADE,
    self_approval INTEGER NOT NULL DEFAULT 0       -- 1: the author may approve their own publication
);

-- +goose Down
DROP TABLE publish_settings;
DROP TABLE publication_versions;
DROP TABLE publications;
