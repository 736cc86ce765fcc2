package app

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/factdesk/factdesk/internal/publish"
	"github.com/factdesk/factdesk/internal/site"
)

// publishing builds the publishing service (kept as a.Publish) and the
// public site, wired so that a publish, update or retraction drops the
// site's cached pages and, when the stages run in this process, puts the
// fact-check's claim into the matcher's index at once (other processes
// pick it up within the pipeline's 30-second follow).
func (a *App) publishing() (*publish.Service, *site.Handler, error) {
	public, err := site.New(site.Deps{Store: a.DB, Clock: a.Clock, Logger: a.Logger, BaseURL: a.Config.PublicBaseURL()})
	if err != nil {
		return nil, nil, fmt.Errorf("public site: %w", err)
	}
	a.Publish = &publish.Service{Store: a.DB, BaseURL: a.Config.PublicBaseURL(), OnPublic: func(p publish.Publication) {
		public.Invalidate(p)
		a.indexClaim(p)
	}}
	return a.Publish, public, nil
}

// indexClaim upserts the claims-library record of p into this process's
// matcher, if it runs here.
func (a *App) indexClaim(p publish.Publication) {
	if a.Pipeline == nil || p.ClaimID == 0 {
		return
	}
	ix := a.Pipeline.Claims()
	if ix == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := a.DB.Claim(ctx, p.ClaimID)
	if err != nil {
		a.Logger.Warn("publish: index the claim", "claim", p.ClaimID, "err", err)
		return
	}
	ix.Upsert(c)
}

// withSite adds the public site's paths to the mounts.
func withSite(m map[string]http.Handler, public *site.Handler) map[string]http.Handler {
	for _, p := range site.Paths {
		m[p] = public
	}
	return m
}
