package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/factdesk/factdesk/internal/apperr"
)

// safeNext returns next when it is a path on this site, and "/" otherwise,
// so that a crafted link cannot send a user to another site after login.
func safeNext(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") ||
		strings.ContainsAny(next, "\\\r\n\t") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	// RequestURI re-escapes a path it cannot keep as written, turning
	// "/%2Fevil.example/<" into "//evil.example/%3C": another site.
	out := u.RequestURI()
	if strings.HasPrefix(out, "//") || strings.HasPrefix(out, "/\\") {
		return "/"
	}
	return out
}

// parseForm reads a bounded url-encoded form body.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBodyBytes)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return apperr.Wrap(err, apperr.TooLarge, "form too large")
		}
		return apperr.Wrap(err, apperr.Invalid, "malformed form")
	}
	return nil
}
