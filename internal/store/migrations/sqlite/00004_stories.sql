-- Stories: groups of near-duplicate posts, with the counters the UI and the
-- spike detector read. A story's id is the id of the post that started it.
-- Times are Unix milliseconds.

-- +goose Up
CREATE TABLE stories (
    id                     INTEGER PRIMARY KEY,
    first_seen             INTEGER NOT NULL, -- earliest published_at of its posts
    last_seen              INTEGER NOT NULL, -- latest published_at of its posts
    post_count             INTEGER NOT NULL DEFAULT 0,
    source_count           INTEGER NOT NULL DEFAULT 0,
    representative_post_id INTEGER NOT NULL,
    top_terms              TEXT    NOT NULL DEFAULT '[]', -- JSON [["term", count], ...], most frequent first
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL
);
CREATE INDEX stories_last_seen ON stories(last_seen);

-- The story of each post; a post keeps its story once assigned.
CREATE TABLE post_stories (
    post_id  INTEGER PRIMARY KEY REFERENCES posts(id) ON DELETE CASCADE,
    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE
);
CREATE INDEX post_stories_story ON post_stories(story_id, post_id);

-- Posts per source of each story (source_count counts these rows).
CREATE TABLE story_sources (
    story_id   INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    source_id  INTEGER NOT NULL REFERENCES sources(id),
    post_count INTEGER NOT NULL,
    PRIMARY KEY (story_id, source_id)
) WITHOUT ROWID;

-- Posts per 10-minute bucket of event time (published_at); only non-empty
-- buckets have a row. bucket_start is a multiple of 600000.
CREATE TABLE story_buckets (
    story_id     INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    bucket_start INTEGER NOT NULL,
    post_count   INTEGER NOT NULL,
    PRIMARY KEY (story_id, bucket_start)
) WITHOUT ROWID;
CREATE INDEX story_buckets_time ON story_buckets(bucket_start);

-- +goose Down
DROP TABLE story_buckets;
DROP TABLE story_sources;
DROP TABLE post_stories;
DROP TABLE stories;
