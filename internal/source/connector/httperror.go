package connector

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// HTTPError is a non-success HTTP answer from a source.
type HTTPError struct {
	URL        string
	StatusCode int
	Status     string
	RetryAfter time.Duration // from Retry-After; 0 when absent
	Hint       string        // what to do about it, when known
	Body       string        // start of the body, for the log
}

// Error says which URL answered what, and what to do about it when known.
func (e *HTTPError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s answered %s", e.URL, e.Status)
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	if e.Hint != "" {
		b.WriteString(": ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// Temporary reports whether trying again later may succeed.
func (e *HTTPError) Temporary() bool {
	return e.StatusCode == http.StatusTooManyRequests || e.StatusCode == http.StatusRequestTimeout || e.StatusCode >= 500
}

// NewHTTPError builds an *HTTPError from a non-success response, reading up
// to 512 bytes of its body. It does not close the body.
func NewHTTPError(resp *http.Response, now time.Time) *HTTPError {
	e := &HTTPError{
		URL:        resp.Request.URL.Redacted(),
		StatusCode: resp.StatusCode,
		Status:     resp.Status,
	}
	if e.Status == "" {
		e.Status = fmt.Sprintf("%d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	if d, ok := ParseRetryAfter(resp.Header.Get("Retry-After"), now); ok {
		e.RetryAfter = d
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	e.Body = Snippet(b, 200)
	return e
}

// Snippet returns the start of b as one printable line of at most n runes,
// with "..." when cut, for error messages.
func Snippet(b []byte, n int) string {
	var sb strings.Builder
	count := 0
	space := false
	for len(b) > 0 && count < n {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		switch {
		case r == utf8.RuneError && size <= 1:
			r = '?'
		case r < 0x20 || r == 0x7f:
			if !space && sb.Len() > 0 {
				sb.WriteByte(' ')
				count++
			}
			space = true
			continue
		}
		if r == ' ' && (space || sb.Len() == 0) {
			continue
		}
		space = r == ' '
		sb.WriteRune(r)
		count++
	}
	out := strings.TrimSpace(sb.String())
	if len(b) > 0 {
		out += "..."
	}
	return out
}
