package app

import (
	"context"
	"sync"
	"time"

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

// runDeskJobs delivers queued webhook events and routes new alerts to
// units until ctx ends, in one process of the cluster at a time.
func (a *App) runDeskJobs(ctx context.Context) {
	d := &casework.Dispatcher{DB: a.DB, Clock: a.Clock, Logger: a.Logger,
		Client: netguard.New(netguard.Options{AllowPrivate: a.Config.AllowPrivateSources, MaxRedirects: -1})}
	r := &casework.AlertRouter{Service: a.deskService(), Logger: a.Logger}
	l := lease.New(lease.Options{URL: a.Config.DBURL, Logger: a.Logger})
	_ = l.Run(ctx, "desk", func(ctx context.Context) error {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.Run(ctx, 10*time.Second)
		}()
		if a.Config.SMTPURL != "" {
			wg.Add(1)
			go func() {
				defer wg.Done()
				a.runMailer(ctx)
			}()
		}
		d.Run(ctx)
		wg.Wait()
		return nil
	})
}

// Desk is the case desk of this app, for commands that seed or act on it.
func (a *App) Desk() *casework.Service { return a.deskService() }

// runMailer e-mails notifications through the configured SMTP server.
func (a *App) runMailer(ctx context.Context) {
	cfg, err := casework.ParseMailURL(a.Config.SMTPURL)
	if err != nil { // Validate checked it; a bad URL here is a bug
		a.Logger.Error("notification e-mail off", "err", err)
		return
	}
	m := &casework.Mailer{DB: a.DB, Config: cfg, BaseURL: a.Config.BaseURL, Clock: a.Clock, Logger: a.Logger}
	if err := m.Run(ctx); err != nil {
		a.Logger.Error("notification e-mail stopped", "err", err)
	}
}
