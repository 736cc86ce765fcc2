package api

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/factdesk/factdesk/internal/apperr"
)

// ProblemTypeBase prefixes a problem's code to make its type URI.
const ProblemTypeBase = "https://factdesk.dev/problems/"

// Problem is an RFC 9457 problem document, with two extensions: the
// request id, and per-field errors for invalid input.
type Problem struct {
	Type      string                  `json:"type"`
	Title     string                  `json:"title"`
	Status    int                     `json:"status"`
	Detail    string                  `json:"detail,omitempty"`
	Instance  string                  `json:"instance,omitempty"`
	RequestID string                  `json:"request_id,omitempty"`
	Errors    map[string]FieldProblem `json:"errors,omitempty"`
}

// FieldProblem is what is wrong with one input field.
type FieldProblem struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// titles are the short, fixed titles of each problem type.
var titles = map[string]string{
	string(apperr.Invalid):      "Invalid input",
	string(apperr.Unauthorized): "Authentication required",
	string(apperr.Forbidden):    "Forbidden",
	string(apperr.NotFound):     "Not found",
	string(apperr.Conflict):     "Conflict",
	string(apperr.RateLimited):  "Too many requests",
	string(apperr.TooLarge):     "Request too large",
	string(apperr.Unavailable):  "Service unavailable",
	string(apperr.Internal):     "Internal error",
	"method_not_allowed":        "Method not allowed",
}

// fieldCoder is implemented by validation errors that carry a code per
// field (sourceadmin.InvalidError); others get the code "invalid".
type fieldCoder interface{ FieldCodes() map[string]string }

// fail answers err as a problem document with the status of its code.
// Internal errors are logged with the request id and shown only as a
// generic message quoting that id.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := apperr.CodeOf(err)
	if code == "" {
		code = apperr.Internal
	}
	detail := apperr.MessageOf(err)
	if code == apperr.Internal {
		rid := h.reqID(r)
		h.log.ErrorContext(r.Context(), "api request failed",
			"request_id", rid, "method", r.Method, "path", r.URL.Path, "err", err)
		detail = "An internal error occurred. It has been logged"
		if rid != "" {
			detail += " under request id " + rid
		}
		detail += "."
	}
	var fields map[string]FieldProblem
	if msgs := apperr.FieldsOf(err); len(msgs) > 0 && code == apperr.Invalid {
		var codes map[string]string
		var fc fieldCoder
		if errors.As(err, &fc) {
			codes = fc.FieldCodes()
		}
		fields = make(map[string]FieldProblem, len(msgs))
		for f, m := range msgs {
			c := codes[f]
			if c == "" {
				c = string(apperr.Invalid)
			}
			fields[f] = FieldProblem{Code: c, Message: m}
		}
	}
	if code == apperr.Unauthorized && w.Header().Get("WWW-Authenticate") == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="factdesk"`)
	}
	h.problem(w, r, apperr.HTTPStatus(code), string(code), detail, fields)
}

// problem writes a problem document. It is the one place that does.
func (h *handler) problem(w http.ResponseWriter, r *http.Request, status int, code, detail string, fields map[string]FieldProblem) {
	p := Problem{
		Type:      ProblemTypeBase + code,
		Title:     titles[code],
		Status:    status,
		Detail:    detail,
		Instance:  r.URL.Path,
		RequestID: h.reqID(r),
		Errors:    fields,
	}
	if p.Title == "" {
		p.Type, p.Title = "about:blank", http.StatusText(status)
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/problem+json")
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(p) // the status is sent; a broken connection cannot be answered
}
