package server

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestMetricsGuard(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	cases := []struct {
		name, token, remote, auth, fwd string
		want                           int
	}{
		{"local scraper", "", "127.0.0.1:5000", "", "", 200},
		{"local over IPv6", "", "[::1]:5000", "", "", 200},
		{"through a proxy", "", "127.0.0.1:5000", "", "203.0.113.9", 403},
		{"from another machine", "", "203.0.113.9:5000", "", "", 403},
		{"token given", "s3cret", "203.0.113.9:5000", "Bearer s3cret", "", 200},
		{"wrong token", "s3cret", "127.0.0.1:5000", "Bearer nope", "", 401},
		{"token required even locally", "s3cret", "127.0.0.1:5000", "", "", 401},
	}
	for _, c := range cases {
		r := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		r.RemoteAddr = c.remote
		if c.auth != "" {
			r.Header.Set("Authorization", c.auth)
		}
		if c.fwd != "" {
			r.Header.Set("X-Forwarded-For", c.fwd)
		}
		w := httptest.NewRecorder()
		guardMetrics(c.token, ok).ServeHTTP(w, r)
		if w.Code != c.want {
			t.Errorf("%s: %d, want %d", c.name, w.Code, c.want)
		}
	}
}
