-- Watch: sources with their health, and posts with their revisions.

-- +goose Up
CREATE TABLE sources (
    id                   INTEGER PRIMARY KEY,
    kind                 TEXT    NOT NULL,
    name                 TEXT    NOT NULL,
    url                  TEXT    NOT NULL DEFAULT '',
    settings             TEXT    NOT NULL DEFAULT '{}',
    unit_id              INTEGER REFERENCES units(id) ON DELETE SET NULL,
    poll_every_s         INTEGER NOT NULL DEFAULT 300,
    state                TEXT    NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused', 'failing', 'removed')),
    cursor               TEXT    NOT NULL DEFAULT '',
    etag                 TEXT    NOT NULL DEFAULT '',
    last_modified        TEXT    NOT NULL DEFAULT '',
    next_poll_at         INTEGER NOT NULL DEFAULT 0,
    last_success_at      INTEGER,
    last_error           TEXT    NOT NULL DEFAULT '',
    last_error_at        INTEGER,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    items_total          INTEGER NOT NULL DEFAULT 0,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);
CREATE UNIQUE INDEX sources_name ON sources(name) WHERE state <> 'removed';
CREATE INDEX sources_due ON sources(state, next_poll_at);

CREATE TABLE posts (
    id            INTEGER PRIMARY KEY,
    source_id     INTEGER NOT NULL REFERENCES sources(id),
    external_id   TEXT    NOT NULL,
    url           TEXT    NOT NULL DEFAULT '',
    title         TEXT    NOT NULL DEFAULT '',
    text          TEXT    NOT NULL,
    html          TEXT    NOT NULL DEFAULT '',
    author_handle TEXT    NOT NULL DEFAULT '',
    published_at  INTEGER NOT NULL,
    fetched_at    INTEGER NOT NULL,
    lang          TEXT    NOT NULL DEFAULT '',
    platform      TEXT    NOT NULL DEFAULT '',
    metrics       TEXT    NOT NULL DEFAULT '{}',
    raw           BLOB,
    notes         TEXT    NOT NULL DEFAULT '',
    content_hash  TEXT    NOT NULL,
    revision      INTEGER NOT NULL DEFAULT 1,
    updated_at    INTEGER NOT NULL,
    UNIQUE (source_id, external_id)
);
CREATE INDEX posts_published ON posts(published_at);
CREATE INDEX posts_hash ON posts(content_hash);
CREATE INDEX posts_url ON posts(url);

CREATE TABLE post_revisions (
    post_id      INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    revision     INTEGER NOT NULL,
    title        TEXT    NOT NULL,
    text         TEXT    NOT NULL,
    content_hash TEXT    NOT NULL,
    replaced_at  INTEGER NOT NULL,
    PRIMARY KEY (post_id, revision)
);

-- +goose Down
DROP TABLE post_revisions;
DROP TABLE posts;
DROP TABLE sources;
