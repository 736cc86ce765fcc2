package app

import (
	"fmt"
	"net/http"

	"github.com/factdesk/factdesk/internal/publish"
	"github.com/factdesk/factdesk/internal/site"
)

// publishing builds the publishing service and the public site, wired so
// that a publish, update or retraction drops the site's cached pages.
func (a *App) publishing() (*publish.Service, *site.Handler, error) {
	public, err := site.New(site.Deps{Store: a.DB, Clock: a.Clock, Logger: a.Logger, BaseURL: a.Config.PublicBaseURL()})
	if err != nil {
		return nil, nil, fmt.Errorf("public site: %w", err)
	}
	svc := &publish.Service{Store: a.DB, BaseURL: a.Config.PublicBaseURL(), OnPublic: public.Invalidate}
	return svc, public, nil
}

// withSite adds the public site's paths to the mounts.
func withSite(m map[string]http.Handler, public *site.Handler) map[string]http.Handler {
	for _, p := range site.Paths {
		m[p] = public
	}
	return m
}
