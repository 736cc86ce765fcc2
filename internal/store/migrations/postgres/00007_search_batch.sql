-- Search: nothing to change on PostgreSQL, whose generated tsvector columns
-- follow the posts; the number is kept in step with SQLite's migrations.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
