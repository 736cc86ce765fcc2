package app

import (
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/config"
	"github.com/factdesk/factdesk/internal/netguard"
	"github.com/factdesk/factdesk/internal/source"
)

// SourceDeps builds what connectors need from the configuration: a guarded
// HTTP client (private addresses refused unless allowed), a per-host
// politeness limiter, and the clock.
func SourceDeps(cfg config.Config, clk clock.Clock) source.Deps {
	return source.Deps{
		Client:  netguard.New(netguard.Options{AllowPrivate: cfg.AllowPrivateSources, BodyCap: cfg.MaxBodyBytes, Timeout: 60 * time.Second}),
		Clock:   clk,
		Limiter: source.NewHostLimiter(clk, 2*time.Second),
	}
}
