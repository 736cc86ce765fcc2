// Package apperr is factdesk's one application error type: a code that says
// what kind of failure happened, a message that is safe to show to the user,
// optional per-field details, and the underlying cause for the logs.
//
// Domain code returns *Error values; the web UI and the API turn them into a
// friendly page or an RFC 9457 problem document through one table of codes.
package apperr

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Code classifies an error. Codes double as i18n keys ("error.not_found").
type Code string

// The error codes. Add a code here and to the status table together.
const (
	Invalid      Code = "invalid"      // the input is wrong; Message says how
	Unauthorized Code = "unauthorized" // no valid credentials
	Forbidden    Code = "forbidden"    // credentials valid, action not allowed
	NotFound     Code = "not_found"    // no such record (or outside the caller's scope)
	Conflict     Code = "conflict"     // the record exists or changed meanwhile
	RateLimited  Code = "rate_limited" // too many attempts; try later
	TooLarge     Code = "too_large"    // the body or file is over its limit
	Unavailable  Code = "unavailable"  // a dependency is down
	Internal     Code = "internal"     // a bug or an unexpected failure; never shown
)

var statusByCode = map[Code]int{
	Invalid:      http.StatusBadRequest,
	Unauthorized: http.StatusUnauthorized,
	Forbidden:    http.StatusForbidden,
	NotFound:     http.StatusNotFound,
	Conflict:     http.StatusConflict,
	RateLimited:  http.StatusTooManyRequests,
	TooLarge:     http.StatusRequestEntityTooLarge,
	Unavailable:  http.StatusServiceUnavailable,
	Internal:     http.StatusInternalServerError,
}

// Error is an application error.
type Error struct {
	Code    Code
	Message string            // safe to show; empty for Internal
	Fields  map[string]string // per-field messages for Invalid, keyed by field name
	Err     error             // the cause, for logs; never shown
}

// Error implements error.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Message != "" {
		b.WriteString(e.Message)
	} else {
		b.WriteString(string(e.Code))
	}
	if len(e.Fields) > 0 {
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for i, k := range keys {
			if i == 0 {
				b.WriteString(": ")
			} else {
				b.WriteString("; ")
			}
			fmt.Fprintf(&b, "%s: %s", k, e.Fields[k])
		}
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an error with code and a formatted, user-safe message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an error with code and message whose cause is err.
func Wrap(err error, code Code, message string) *Error {
	return &Error{Code: code, Message: message, Err: err}
}

// InvalidFields returns an Invalid error with per-field messages.
func InvalidFields(fields map[string]string) *Error {
	return &Error{Code: Invalid, Message: "invalid input", Fields: fields}
}

// CodeOf returns the code of the first *Error in err's chain, Internal for
// any other non-nil error, and "" for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// Is reports whether err carries code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }

// MessageOf returns the message that is safe to show for err. Internal errors
// get a generic message: their details go to the log only.
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != Internal && e.Message != "" {
		return e.Message
	}
	if CodeOf(err) == Internal {
		return "An internal error occurred."
	}
	return string(CodeOf(err))
}

// FieldsOf returns the per-field messages of err, if any.
func FieldsOf(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// HTTPStatus maps a code to its HTTP status.
func HTTPStatus(code Code) int {
	if s, ok := statusByCode[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}
