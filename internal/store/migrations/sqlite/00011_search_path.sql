-- PostgreSQL only: the search functions name their schema (see
-- postgres/00011_search_path.sql). SQLite has nothing to change; this keeps
-- both dialects at the same version.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
