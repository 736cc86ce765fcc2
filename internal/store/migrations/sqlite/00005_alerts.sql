-- Alerts: spikes of stories and terms, known-claim matches, new stories and
-- manual tips, waiting for triage into cases; and the spike detector's
-- saved state. Times are Unix milliseconds.

-- +goose Up
CREATE TABLE alerts (
    id             INTEGER PRIMARY KEY,
    kind           TEXT    NOT NULL CHECK (kind IN ('spike_story', 'spike_term', 'new_story', 'known_claim', 'manual')),
    key            TEXT    NOT NULL,                 -- what alerted: 'story:12', 'term:thuy dien', 'claim:3', a tip's own id
    story_id       INTEGER,                          -- the story, when the alert is about one (no foreign key: an alert outlives a merged story)
    claim_id       INTEGER,                          -- the checked claim, for known_claim
    unit_id        INTEGER REFERENCES units(id) ON DELETE SET NULL, -- routed to, once known
    bucket_start   INTEGER NOT NULL,                 -- start of the time bucket that alerted (event time)
    at             INTEGER NOT NULL,                 -- event time of the alert
    score          REAL    NOT NULL DEFAULT 0,       -- how surprising: -log10 p for spikes; the desk ranks by it among its inputs
    explanation    TEXT    NOT NULL,                 -- plain English; details let the UI word it in any language
    details        TEXT    NOT NULL DEFAULT '{}',    -- JSON: count, sources, expected, stddev, p_value, ratio, ...
    status         TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'merged', 'dismissed')),
    dismiss_reason TEXT    NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    UNIQUE (kind, key, bucket_start)
);
CREATE INDEX alerts_at ON alerts(at);
CREATE INDEX alerts_status_at ON alerts(status, at);
CREATE INDEX alerts_story ON alerts(story_id) WHERE story_id IS NOT NULL;

-- One row per detector: its baselines as of its watermark, so that a
-- restart replays only the posts since then.
CREATE TABLE signal_state (
    name      TEXT    PRIMARY KEY,
    watermark INTEGER NOT NULL,
    saved_at  INTEGER NOT NULL,
    data      BLOB    NOT NULL
);

-- +goose Down
DROP TABLE signal_state;
DROP TABLE alerts;
