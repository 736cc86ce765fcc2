package sourceadmin

import (
	"github.com/factdesk/factdesk/internal/apperr"
)

// Field problem codes. The web UI shows them through the i18n keys
// "sources.invalid.<code>"; the API sends them with an English message.
const (
	CodeKindRequired    = "kind_required"
	CodeKindUnknown     = "kind_unknown"
	CodeURLRequired     = "url_required"
	CodeURLInvalid      = "url_invalid"
	CodeURLPrivate      = "url_private"
	CodeURLUnused       = "url_unused"
	CodeEveryInvalid    = "every_invalid"
	CodeEveryTooShort   = "every_too_short"
	CodeEveryTooLong    = "every_too_long"
	CodeNameRequired    = "name_required"
	CodeNameTooLong     = "name_too_long"
	CodeSettingsInvalid = "settings_invalid"
)

// Codes lists every field problem code.
func Codes() []string {
	return []string{CodeKindRequired, CodeKindUnknown, CodeURLRequired, CodeURLInvalid, CodeURLPrivate, CodeURLUnused,
		CodeEveryInvalid, CodeEveryTooShort, CodeEveryTooLong, CodeNameRequired, CodeNameTooLong, CodeSettingsInvalid}
}

var messages = map[string]string{
	CodeKindRequired:    "choose a kind",
	CodeKindUnknown:     "unknown kind",
	CodeURLRequired:     "this kind of source needs a URL",
	CodeURLInvalid:      "not a usable URL for this kind",
	CodeURLPrivate:      "the address is loopback, private or link-local, which this server does not allow",
	CodeURLUnused:       "push and import sources take no URL",
	CodeEveryInvalid:    "want a duration such as 5m or 1h",
	CodeEveryTooShort:   "poll at most every 30s",
	CodeEveryTooLong:    "poll at least every 7 days (168h)",
	CodeNameRequired:    "a source needs a name",
	CodeNameTooLong:     "a name has at most 200 characters",
	CodeSettingsInvalid: "settings are not valid",
}

// Problem is what is wrong with one field: a code, and a detail from the
// connector or parser (English, may be empty).
type Problem struct {
	Code   string
	Detail string
}

// Message is the English message for p, with its detail.
func (p Problem) Message() string {
	m := messages[p.Code]
	if p.Detail != "" {
		m += ": " + p.Detail
	}
	return m
}

// Problems maps field names to what is wrong with them.
type Problems map[string]Problem

// Add records a problem for field unless it already has one.
func (p Problems) Add(field, code, detail string) {
	if _, ok := p[field]; !ok {
		p[field] = Problem{Code: code, Detail: detail}
	}
}

// Err returns nil when there are no problems, else an *InvalidError.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return &InvalidError{Problems: p}
}

// InvalidError is a validation failure with a problem per field. It
// unwraps to an apperr Invalid error whose Fields hold the English
// messages, so CodeOf, MessageOf and FieldsOf work on it.
type InvalidError struct {
	Problems Problems
}

func (e *InvalidError) app() *apperr.Error {
	fields := make(map[string]string, len(e.Problems))
	for f, p := range e.Problems {
		fields[f] = p.Message()
	}
	return apperr.InvalidFields(fields)
}

// Error lists the fields and what is wrong with them.
func (e *InvalidError) Error() string { return e.app().Error() }

// Unwrap returns the equivalent *apperr.Error.
func (e *InvalidError) Unwrap() error { return e.app() }

// FieldCodes maps each field to its problem code.
func (e *InvalidError) FieldCodes() map[string]string {
	out := make(map[string]string, len(e.Problems))
	for f, p := range e.Problems {
		out[f] = p.Code
	}
	return out
}
