package source

import (
	"fmt"
	"net/url"

	"github.com/factdesk/factdesk/internal/netguard"
)

// CheckAddress refuses, at form time, a source URL whose host is a
// loopback, private or link-local IP literal or a localhost name, unless p
// allows it. Names that resolve there are still refused when dialled; this
// only gives the admin an early, clear error. An empty URL passes.
func CheckAddress(rawURL string, p netguard.Policy) error {
	if rawURL == "" {
		return nil
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return fmt.Errorf("source: bad URL %q: %w", rawURL, err)
	}
	if err := p.CheckHost(u.Hostname()); err != nil {
		return fmt.Errorf("source: %s: %w", u.Redacted(), err)
	}
	return nil
}
