package store

import (
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/factdesk/factdesk/internal/apperr"
)

// translate turns driver errors into application errors by their codes,
// never by matching message text. Other errors pass through unchanged.
func translate(err error) error {
	if err == nil {
		return nil
	}
	if code, ok := sqliteErrCode(err); ok {
		switch code {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return apperr.Wrap(err, apperr.Conflict, "a record with the same key already exists")
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return apperr.Wrap(err, apperr.Invalid, "a referenced record does not exist or is still in use")
		case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return apperr.Wrap(err, apperr.Invalid, "a value is missing or out of range")
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return apperr.Wrap(err, apperr.Unavailable, "the database is busy; try again")
		}
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return apperr.Wrap(err, apperr.Conflict, "a record with the same key already exists")
		case "23503":
			return apperr.Wrap(err, apperr.Invalid, "a referenced record does not exist or is still in use")
		case "23514", "23502":
			return apperr.Wrap(err, apperr.Invalid, "a value is missing or out of range")
		case "40001", "40P01", "55P03":
			return apperr.Wrap(err, apperr.Unavailable, "the database is busy; try again")
		}
	}
	return err
}

// notFound maps sql.ErrNoRows to a NotFound error naming what was missing.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.Errorf(apperr.NotFound, "%s not found", what)
	}
	return translate(err)
}
