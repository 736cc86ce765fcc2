-- The search functions of 00003 call each other by unqualified name, so
-- they fail wherever search_path does not hold their schema: pg_restore
-- empties it, and a plain restore of a dump failed with "function
-- factdesk_lower(text) does not exist". Their bodies now name the schema
-- they live in (the same functions, so stored columns stay valid).

-- +goose Up
-- +goose StatementBegin
DO $do$
BEGIN
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION %1$I.factdesk_search_exact(title text, body text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $b$ SELECT %1$I.factdesk_search_lexemes(%1$I.factdesk_lower(title || ' ' || body)) $b$
    $f$, current_schema());
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION %1$I.factdesk_search_folded(title text, body text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $b$ SELECT %1$I.factdesk_search_lexemes(%1$I.factdesk_fold(title || ' ' || body)) $b$
    $f$, current_schema());
END
$do$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION factdesk_search_exact(title text, body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT factdesk_search_lexemes(factdesk_lower(title || ' ' || body)) $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION factdesk_search_folded(title text, body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT factdesk_search_lexemes(factdesk_fold(title || ' ' || body)) $$;
-- +goose StatementEnd
