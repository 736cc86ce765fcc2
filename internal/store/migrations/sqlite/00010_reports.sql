-- Reports: scheduled situation reports per unit and the reports generated
-- (by a schedule or on request), stored so the UI can list and serve them.
-- An index on posts by source and time lets the situation picture count
-- the posts of a unit's sources in any time range from the index alone. Times are Unix milliseconds.

-- +goose Up
CREATE TABLE report_schedules (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER REFERENCES units(id) ON DELETE CASCADE,  -- NULL = the whole organisation
    period      TEXT    NOT NULL CHECK (period IN ('daily', 'weekly')),
    lang        TEXT    NOT NULL DEFAULT 'vi' CHECK (lang IN ('vi', 'en')),
    note        TEXT    NOT NULL DEFAULT '',                     -- the lead's note, printed in every report
    webhook_url TEXT    NOT NULL DEFAULT '',                     -- POSTed a JSON message with a link when a report is ready
    active      INTEGER NOT NULL DEFAULT 1,
    next_run_at INTEGER NOT NULL,
    last_run_at INTEGER,
    last_error  TEXT    NOT NULL DEFAULT '',
    created_by  TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX report_schedules_due ON report_schedules(active, next_run_at);

CREATE TABLE reports (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER REFERENCES units(id) ON DELETE CASCADE,  -- NULL = the whole organisation
    schedule_id  INTEGER REFERENCES report_schedules(id) ON DELETE SET NULL,
    period_from  INTEGER NOT NULL,
    period_to    INTEGER NOT NULL,
    lang         TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    note         TEXT    NOT NULL DEFAULT '',
    content_type TEXT    NOT NULL,
    content      BLOB    NOT NULL,                                -- the self-contained HTML report
    created_by   TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL
);
CREATE INDEX reports_unit ON reports(unit_id, id);

CREATE INDEX posts_source_published ON posts(source_id, published_at);

-- +goose Down
DROP INDEX posts_source_published;
DROP TABLE reports;
DROP TABLE report_schedules;
