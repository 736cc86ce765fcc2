package netguard

import (
	"errors"
	"fmt"
	"io"
	"net/http"
)

// ErrTooLarge is returned by a body read past its cap.
var ErrTooLarge = errors.New("netguard: body too large")

// LimitBody wraps r so that reading more than max bytes fails with an error
// matching ErrTooLarge instead of silently truncating. max <= 0 means no cap.
func LimitBody(r io.ReadCloser, max int64) io.ReadCloser {
	if max <= 0 {
		return r
	}
	return &limitedBody{rc: r, left: max, max: max}
}

type limitedBody struct {
	rc   io.ReadCloser
	left int64 // bytes still allowed
	max  int64
}

func (l *limitedBody) Read(p []byte) (int, error) {
	if l.left <= 0 {
		// Probe one byte: exactly max bytes is fine, one more is not.
		var b [1]byte
		n, err := l.rc.Read(b[:])
		if n > 0 {
			return 0, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, l.max)
		}
		return 0, err
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.rc.Read(p)
	l.left -= int64(n)
	return n, err
}

func (l *limitedBody) Close() error { return l.rc.Close() }

// capTransport caps every response body it returns. It sits outside the
// http.Transport so the cap applies to decompressed bytes (no gzip bombs).
type capTransport struct {
	next http.RoundTripper
	cap  int64
}

func (t *capTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil || t.cap <= 0 {
		return resp, err
	}
	// A 101 body is the upgraded connection itself (websockets): leave it be.
	if resp.StatusCode != http.StatusSwitchingProtocols && resp.Body != nil {
		resp.Body = LimitBody(resp.Body, t.cap)
	}
	return resp, nil
}
