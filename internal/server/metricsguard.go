package server

import (
	"crypto/subtle"
	"net"
	"net/http"
	"strings"
)

// guardMetrics serves /metrics only to a scraper that presents the
// configured bearer token or, when no token is configured, to a client on
// the same machine that did not come through a proxy (no forwarding
// header): request counts and latencies by route are for operators, not
// for the public site.
func guardMetrics(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token != "" {
			got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if ok && subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(token)) == 1 {
				next.ServeHTTP(w, r)
				return
			}
			w.Header().Set("WWW-Authenticate", `Bearer realm="factdesk metrics"`)
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "metrics need the token set with --metrics-token"})
			return
		}
		if isLoopback(r.RemoteAddr) && r.Header.Get("X-Forwarded-For") == "" && r.Header.Get("Forwarded") == "" {
			next.ServeHTTP(w, r)
			return
		}
		writeJSON(w, http.StatusForbidden, map[string]string{"error": "metrics are served to this machine only; set --metrics-token to scrape from elsewhere"})
	})
}

func isLoopback(remote string) bool {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
