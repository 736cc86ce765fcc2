package app

import (
	"context"

	"github.com/factdesk/factdesk/internal/casework"
	"github.com/factdesk/factdesk/internal/lease"
	"github.com/factdesk/factdesk/internal/netguard"
)

// deskService is the case desk over the app's store; evidence URLs are
// fetched with the same address policy as sources.
func (a *App) deskService() *casework.Service {
	return &casework.Service{DB: a.DB, Clock: a.Clock,
		Fetch: netguard.New(netguard.Options{AllowPrivate: a.Config.AllowPrivateSources})}
}

// runWebhooks delivers queued webhook events until ctx ends, in one
// process of the cluster at a time.
func (a *App) runWebhooks(ctx context.Context) {
	d := &casework.Dispatcher{DB: a.DB, Clock: a.Clock, Logger: a.Logger,
		Client: netguard.New(netguard.Options{AllowPrivate: a.Config.AllowPrivateSources, MaxRedirects: -1})}
	l := lease.New(lease.Options{URL: a.Config.DBURL, Logger: a.Logger})
	_ = l.Run(ctx, "webhooks", func(ctx context.Context) error {
		d.Run(ctx)
		return nil
	})
}
