-- Search: a full-text index of posts in two forms (see internal/store/search.go).
--
-- Two stored generated columns on posts hold tsvectors of title and text:
--   search_exact  - factdesk_lower(): lower-cased NFC, diacritics kept, so
--                   "mà" and "ma" are different words;
--   search_folded - factdesk_fold(): case and diacritics removed exactly as
--                   the Go function text.Fold does, đ -> d included (unaccent
--                   is not used: it is an extension to install per database,
--                   and it also folds letters text.Fold keeps, like ø and ß).
-- Tokens are runs of letters and decimal digits ([[:alnum:]] under ICU, that
-- is Unicode L* and Nd), like the SQLite FTS5 index, so that both backends
-- find the same posts. Lexemes are written straight into the tsvector with
-- their positions, bypassing the text-search parser (which would keep URLs,
-- e-mail addresses and hyphenated words whole). Matching uses search_folded
-- through its GIN index; search_exact only ranks the posts found.
--
-- factdesk_fold follows text.Fold step by step: NFD, drop U+0300-U+036F,
-- map the few letters whose fold is not their lower case (the translate()
-- table: đ ð -> d, ς -> σ, ı -> i, ſ -> s, ...), lower-case, NFC.
-- TestPostgresFoldTable checks the table and TestPostgresFoldMatchesGo
-- every code point against text.Fold. Σ -> σ before lower() because ICU
-- lower-cases a final Σ to ς; text.Lower (Go) does not. İ -> i for the
-- same reason (ICU gives i + U+0307).
--
-- ICU is used for lower() and the character classes when the server has it
-- (most builds), so that they do not depend on the database's locale.

-- +goose Up
-- +goose StatementBegin
DO $do$
DECLARE
    coll text := CASE WHEN EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu')
                      THEN 'pg_catalog."und-x-icu"' ELSE 'pg_catalog."default"' END;
BEGIN
    EXECUTE format($f$
        CREATE FUNCTION factdesk_fold(x text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $b$ SELECT normalize(lower(translate(regexp_replace(normalize(x, NFD), '[\u0300-\u036f]+', '', 'g'),
            'µıſςϐϑϕϖϰϱϵᲀᲁᲂᲃᲄᲅᲆᲇᲈẛιđĐðÐΣ', 'μisσβθφπκρεвдосттъѣꙋṡιddddσ') COLLATE %1$s), NFC) $b$
    $f$, coll);
    EXECUTE format($f$
        CREATE FUNCTION factdesk_lower(x text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $b$ SELECT normalize(lower(translate(normalize(x, NFC), 'İΣ', 'iσ') COLLATE %1$s), NFC) $b$
    $f$, coll);
    EXECUTE format($f$
        CREATE FUNCTION factdesk_search_lexemes(x text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $b$ SELECT coalesce(string_agg('''' || t || ''':' || least(n, 16383), ' '), '')::tsvector
               FROM unnest(regexp_split_to_array(x COLLATE %1$s, '[^[:alnum:]]+')) WITH ORDINALITY AS u(t, n)
               WHERE t <> '' AND octet_length(t) < 2047 $b$
    $f$, coll);
END
$do$;
-- +goose StatementEnd

CREATE FUNCTION factdesk_search_exact(title text, body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT factdesk_search_lexemes(factdesk_lower(title || ' ' || body)) $$;

CREATE FUNCTION factdesk_search_folded(title text, body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT factdesk_search_lexemes(factdesk_fold(title || ' ' || body)) $$;

ALTER TABLE posts
    ADD COLUMN search_exact tsvector GENERATED ALWAYS AS (factdesk_search_exact(title, text)) STORED,
    ADD COLUMN search_folded tsvector GENERATED ALWAYS AS (factdesk_search_folded(title, text)) STORED;

CREATE INDEX posts_search_folded ON posts USING gin (search_folded);

-- +goose Down
DROP INDEX posts_search_folded;
ALTER TABLE posts DROP COLUMN search_folded, DROP COLUMN search_exact;
DROP FUNCTION factdesk_search_folded(text, text);
DROP FUNCTION factdesk_search_exact(text, text);
DROP FUNCTION factdesk_search_lexemes(text);
DROP FUNCTION factdesk_lower(text);
DROP FUNCTION factdesk_fold(text);
