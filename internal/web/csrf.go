package web

import (
	"fmt"
	"net/http"
)

// newCrossOriginProtection refuses state-changing requests (POST and the
// like) that a browser marks as coming from another site, using the
// Sec-Fetch-Site and Origin headers. Same-origin form posts and clients that
// send neither header (curl, scripts) pass. origin, when set, is the site's
// public origin, trusted even when a proxy rewrites the Host header.
func newCrossOriginProtection(origin string, deny http.HandlerFunc) (*http.CrossOriginProtection, error) {
	p := http.NewCrossOriginProtection()
	if origin != "" {
		if err := p.AddTrustedOrigin(origin); err != nil {
			return nil, fmt.Errorf("web: trust origin %s: %w", origin, err)
		}
	}
	p.SetDenyHandler(deny)
	return p, nil
}
