package rss

import (
	"fmt"
	"net/url"
)

// Validate checks that raw is an absolute http(s) URL with a host. Whether
// the host is allowed is decided when it is dialled (see netguard).
func Validate(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("rss: bad URL %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("rss: URL %q must start with http:// or https://", raw)
	}
	if u.Host == "" {
		return fmt.Errorf("rss: URL %q has no host", raw)
	}
	if u.User != nil {
		return fmt.Errorf("rss: URL %q must not carry a user name or password", u.Redacted())
	}
	return nil
}
