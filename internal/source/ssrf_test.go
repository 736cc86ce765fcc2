package source

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/netguard"
)

// TestFetchersRefuseInsideAddresses: the polling fetchers built with zero
// Deps refuse, with a clear error and before any connection, source URLs on
// loopback, private, link-local and metadata addresses in their less usual
// spellings; the form check refuses them too. (The full matrix, with DNS
// names and redirects, is internal/netguard's TestSSRFMatrix.)
func TestFetchersRefuseInsideAddresses(t *testing.T) {
	hosts := []string{"127.1", "2130706433", "0177.0.0.1", "0x7f.1", "[::ffff:7f00:1]", "0.0.0.0", "[::]",
		"10.0.0.1", "172.16.0.1", "192.168.0.1", "[fc00::1]", "169.254.169.254", "0xa9fea9fe", "[fe80::1]",
		"[::ffff:a9fe:a9fe]", "metadata.google.internal", "instance-data", "localhost"}
	paths := map[string]string{KindRSS: "/feed.xml", KindMastodon: "/tags/danang"}
	for _, h := range hosts {
		for kind, path := range paths {
			u := "http://" + h + path
			err := CheckAddress(u, netguard.Policy{})
			if !errors.Is(err, netguard.ErrForbiddenAddress) || !strings.Contains(err.Error(), "refusing to connect") {
				t.Errorf("CheckAddress(%s) = %v, want a clear refusal", u, err)
			}
			if err := CheckAddress(u, netguard.Policy{AllowPrivate: true}); err != nil {
				t.Errorf("CheckAddress(%s) with private sources allowed: %v", u, err)
			}
			f, err := New(kind, Deps{})
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.Fetch(context.Background(), Source{Kind: kind, URL: u})
			if !errors.Is(err, netguard.ErrForbiddenAddress) {
				t.Errorf("%s fetch %s = %v, want a refusal", kind, u, err)
			}
		}
	}
}
