-- The desk: cases made from alerts, routed to units, with their links,
-- comments, evidence and verdicts; outgoing webhooks with their delivery
-- queue; in-app notifications. Times are Unix milliseconds.

-- +goose Up
CREATE TABLE cases (
    id                INTEGER PRIMARY KEY,
    unit_id           INTEGER REFERENCES units(id) ON DELETE RESTRICT,  -- routed to; NULL only before routing
    title             TEXT    NOT NULL CHECK (length(trim(title)) > 0),
    description       TEXT    NOT NULL DEFAULT '',
    status            TEXT    NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'triaged', 'verifying', 'responding', 'published', 'closed', 'dismissed')),
    priority          TEXT    NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    priority_score    REAL    NOT NULL DEFAULT 0,
    priority_reasons  TEXT    NOT NULL DEFAULT '[]',   -- JSON list of reasons
    priority_override INTEGER NOT NULL DEFAULT 0,      -- 1 when a person set the priority
    routing_reason    TEXT    NOT NULL DEFAULT '',
    assignee_id       INTEGER REFERENCES users(id) ON DELETE SET NULL,
    due_at            INTEGER,
    verdict           TEXT    NOT NULL DEFAULT '' CHECK (verdict IN ('', 'false', 'misleading', 'missing-context', 'unproven', 'true')),
    verdict_rationale TEXT    NOT NULL DEFAULT '',
    verdict_at        INTEGER,
    verdict_by        INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_by        TEXT    NOT NULL DEFAULT '',
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    first_alert_at    INTEGER,                         -- event time of the earliest linked alert, for response times
    published_at      INTEGER,
    closed_at         INTEGER
);
CREATE INDEX cases_unit_status ON cases(unit_id, status);
CREATE INDEX cases_status_due ON cases(status, due_at);
CREATE INDEX cases_created ON cases(created_at);

CREATE TABLE case_posts (
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    PRIMARY KEY (case_id, post_id)
);
CREATE INDEX case_posts_post ON case_posts(post_id);

CREATE TABLE case_stories (
    case_id  INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    story_id INTEGER NOT NULL,
    PRIMARY KEY (case_id, story_id)
);
CREATE INDEX case_stories_story ON case_stories(story_id);

CREATE TABLE case_claims (
    case_id  INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    PRIMARY KEY (case_id, claim_id)
);

CREATE TABLE case_alerts (
    case_id  INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    PRIMARY KEY (case_id, alert_id)
);
CREATE INDEX case_alerts_alert ON case_alerts(alert_id);

CREATE TABLE case_comments (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    author_id  INTEGER REFERENCES users(id) ON DELETE SET NULL,
    body       TEXT    NOT NULL CHECK (length(trim(body)) > 0),
    mentions   TEXT    NOT NULL DEFAULT '[]',          -- JSON list of user ids
    created_at INTEGER NOT NULL
);
CREATE INDEX case_comments_case ON case_comments(case_id, id);

CREATE TABLE case_evidence (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL CHECK (kind IN ('url', 'note', 'file')),
    url          TEXT    NOT NULL DEFAULT '',
    title        TEXT    NOT NULL DEFAULT '',
    note         TEXT    NOT NULL DEFAULT '',
    content      BLOB,                                 -- archived text of a URL, or the uploaded file
    content_type TEXT    NOT NULL DEFAULT '',
    filename     TEXT    NOT NULL DEFAULT '',
    size         INTEGER NOT NULL DEFAULT 0,
    sha256       TEXT    NOT NULL DEFAULT '',
    fetched_at   INTEGER,
    added_by     INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX case_evidence_case ON case_evidence(case_id, id);

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    case_id    INTEGER REFERENCES cases(id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,
    message    TEXT    NOT NULL,
    read_at    INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX notifications_user ON notifications(user_id, read_at, id);

CREATE TABLE webhooks (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER REFERENCES units(id) ON DELETE CASCADE,  -- events of cases in this unit and below; NULL = all
    url        TEXT    NOT NULL,
    secret     TEXT    NOT NULL,
    events     TEXT    NOT NULL DEFAULT '[]',   -- JSON list of event names; empty = all
    active     INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
);

CREATE TABLE webhook_deliveries (
    id          INTEGER PRIMARY KEY,
    webhook_id  INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    event       TEXT    NOT NULL,
    payload     TEXT    NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_at     INTEGER NOT NULL,
    status      TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    last_error  TEXT    NOT NULL DEFAULT '',
    last_status INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_at);

-- +goose Down
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
DROP TABLE notifications;
DROP TABLE case_evidence;
DROP TABLE case_comments;
DROP TABLE case_alerts;
DROP TABLE case_claims;
DROP TABLE case_stories;
DROP TABLE case_posts;
DROP TABLE cases;
