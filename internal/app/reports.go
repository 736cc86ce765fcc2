package app

import (
	"context"

	"github.com/factdesk/factdesk/internal/lease"
	"github.com/factdesk/factdesk/internal/netguard"
	"github.com/factdesk/factdesk/internal/report"
)

// runReports writes the scheduled situation reports until ctx ends, in
// one process of the cluster at a time. Webhooks go through the same
// address policy as sources.
func (a *App) runReports(ctx context.Context) {
	s := &report.Scheduler{Store: a.DB, Clock: a.Clock, Logger: a.Logger, BaseURL: a.Config.BaseURL,
		Client: netguard.New(netguard.Options{AllowPrivate: a.Config.AllowPrivateSources, MaxRedirects: -1})}
	l := lease.New(lease.Options{URL: a.Config.DBURL, Logger: a.Logger})
	_ = l.Run(ctx, "reports", func(ctx context.Context) error {
		s.Run(ctx)
		return nil
	})
}
