package app

import (
	"fmt"
	"net/http"

	"github.com/factdesk/factdesk/internal/api"
	"github.com/factdesk/factdesk/internal/claim/suggest"
	"github.com/factdesk/factdesk/internal/report"
	"github.com/factdesk/factdesk/internal/search"
	"github.com/factdesk/factdesk/internal/server"
	"github.com/factdesk/factdesk/internal/web"
)

// DrillRuns, when set, reads the drill runs of a data folder for the web
// UI's Drills page. The drill package builds on app, so app cannot call it:
// the drill package sets this to drill.WebRuns when it is linked in.
var DrillRuns func(dataDir string) web.DrillRuns

// mounts returns the HTTP surfaces beside the operations endpoints: the REST
// API under /api/v1/ and the web UI at /.
func (a *App) mounts() (map[string]http.Handler, error) {
	searcher := search.New(a.DB, search.Options{})
	pub, public, err := a.publishing()
	if err != nil {
		return nil, err
	}
	stories := &web.StoriesDeps{Store: a.DB}
	searchUI := &web.SearchDeps{Store: a.DB, Searcher: webSearcher(searcher)}
	var claims suggest.Matcher
	if ix := a.Pipeline.Claims(); ix != nil { // the stages run here: stories and posts show matched claims
		claims, stories.Claims, searchUI.Claims = ix, ix, ix
	}
	var drills *web.DrillsDeps
	if DrillRuns != nil && a.Config.Drill == "" && a.Config.DataDir != "" { // a drill's own workspace has no drills
		drills = &web.DrillsDeps{Runs: DrillRuns(a.Config.DataDir)}
	}
	ui, err := web.New(web.Deps{
		Store:     a.DB,
		Sessions:  a.DB.Sessions(),
		Clock:     a.Clock,
		Logger:    a.Logger,
		BaseURL:   a.Config.BaseURL,
		Drill:     a.Config.Drill,
		RequestID: server.RequestID,
		Claims:    &web.ClaimsDeps{Store: a.DB},
		Stories:   stories,
		Alerts:    &web.AlertsDeps{Store: a.DB},
		Desk:      a.deskService(),
		Search:    searchUI,
		Sources: &web.SourcesDeps{
			Store:               a.DB,
			AllowPrivateSources: a.Config.AllowPrivateSources,
			Connectors:          SourceDeps(a.Config, a.Clock),
		},
		Publications: &web.PublicationsDeps{Service: pub},
		Reports:      &web.ReportsDeps{Store: a.DB},
		Drills:       drills,
	})
	if err != nil {
		return nil, fmt.Errorf("web UI: %w", err)
	}
	rest, err := api.New(api.Deps{
		Store:               a.DB,
		Submitter:           a.Pipeline,
		Clock:               a.Clock,
		Logger:              a.Logger,
		MaxBody:             a.Config.MaxBodyBytes,
		AllowPrivateSources: a.Config.AllowPrivateSources,
		Connectors:          SourceDeps(a.Config, a.Clock),
		RequestID:           server.RequestID,
		Searcher:            searcher,
		Claims:              claims,
		Publications:        pub,
		PublicBaseURL:       a.Config.PublicBaseURL(),
		Situations:          report.NewBuilder(a.DB, a.Clock),
		Desk:                a.deskService(),
	})
	if err != nil {
		return nil, fmt.Errorf("REST API: %w", err)
	}
	return withSite(map[string]http.Handler{"/": ui, "/api/v1/": rest}, public), nil
}
