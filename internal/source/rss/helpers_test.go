package rss

import (
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/netguard"
	"github.com/factdesk/factdesk/internal/source/connector"
)

// Source is shortened for tests.
type Source = connector.Source

// testDeps allow loopback (httptest) and nothing else private.
func testDeps(c clock.Clock) connector.Deps {
	return connector.Deps{
		Client: netguard.New(netguard.Options{AllowLoopback: true}),
		Clock:  c,
	}
}
