package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/source"
	"github.com/factdesk/factdesk/internal/sourceadmin"
	"github.com/factdesk/factdesk/internal/store"
)

// SourcesStore is what the Sources page needs from the database beyond
// Store. *store.DB satisfies it.
type SourcesStore interface {
	// Sources lists the sources that are not removed.
	Sources(ctx context.Context) ([]store.Source, error)
	// Source returns a source, removed ones included; NotFound otherwise.
	Source(ctx context.Context, id int64) (store.Source, error)
	// CreateSource adds a source; Conflict for a name in use.
	CreateSource(ctx context.Context, actor string, s store.Source) (store.Source, error)
	// UpdateSource changes a live source; NotFound, Invalid or Conflict.
	UpdateSource(ctx context.Context, actor string, id int64, c store.SourceChanges) (store.Source, error)
	// SetSourceState pauses, resumes or removes a source.
	SetSourceState(ctx context.Context, actor string, id int64, state string) error
}

// SourcesDeps turn the Sources placeholder into the Sources page. Every
// logged-in user reads it; admins add, edit, pause, resume, remove and
// test-fetch sources (see sourceadmin.MayManage).
type SourcesDeps struct {
	Store SourcesStore
	// AllowPrivateSources lets source URLs name loopback, private and
	// link-local addresses.
	AllowPrivateSources bool
	// Connectors are used by test fetches, normally the watcher's. A nil
	// Client gets a guarded client that follows AllowPrivateSources.
	Connectors source.Deps
}

// sourcesUI serves the Sources page.
type sourcesUI struct {
	h         *Handler
	store     SourcesStore
	validator sourceadmin.Validator
	tester    *sourceadmin.Tester
}

// sourcesArea builds the Sources area: its own mux under /sources, behind
// the shell's login and cross-origin checks.
func (h *Handler) sourcesArea(d SourcesDeps) (Area, error) {
	if d.Store == nil {
		return Area{}, fmt.Errorf("web: SourcesDeps.Store is required")
	}
	conn := d.Connectors
	if conn.Client == nil {
		conn.Client = sourceadmin.DefaultDeps(d.AllowPrivateSources, h.clock).Client
	}
	if conn.Clock == nil {
		conn.Clock = h.clock
	}
	ui := &sourcesUI{h: h, store: d.Store, validator: sourceadmin.Validator{AllowPrivate: d.AllowPrivateSources},
		tester: sourceadmin.NewTester(conn)}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /sources", ui.list)
	mux.HandleFunc("GET /sources/new", ui.newForm)
	mux.HandleFunc("POST /sources", ui.create)
	mux.HandleFunc("POST /sources/test", ui.testNew)
	mux.HandleFunc("GET /sources/{id}", ui.show)
	mux.HandleFunc("POST /sources/{id}", ui.update)
	mux.HandleFunc("POST /sources/{id}/state", ui.setState)
	mux.HandleFunc("POST /sources/{id}/test", ui.test)
	mux.HandleFunc("GET /sources/{id}/remove", ui.confirmRemove)
	mux.HandleFunc("POST /sources/{id}/remove", ui.remove)
	mux.HandleFunc("/sources/", h.notFound)
	return Area{Path: "/sources", Key: "nav.sources", Handler: mux}, nil
}

// access is what the logged-in user may do on the Sources page.
type access struct {
	user    *auth.User
	ms      []auth.Membership
	units   []auth.Unit
	parents map[int64]int64
}

func (ui *sourcesUI) access(r *http.Request) (access, error) {
	u := UserFrom(r.Context())
	if u == nil {
		return access{}, apperr.Errorf(apperr.Unauthorized, "not logged in")
	}
	ms, err := ui.h.store.Memberships(r.Context(), u.ID)
	if err != nil {
		return access{}, fmt.Errorf("sources: memberships: %w", err)
	}
	units, err := ui.h.store.Units(r.Context())
	if err != nil {
		return access{}, fmt.Errorf("sources: units: %w", err)
	}
	return access{user: u, ms: ms, units: units, parents: sourceadmin.Parents(units)}, nil
}

// mayManage applies sourceadmin.MayManage, the rule the API uses too.
func (a access) mayManage(unitID int64) bool { return sourceadmin.MayManage(a.ms, a.parents, unitID) }

// anyAdmin reports whether the user may add a source somewhere.
func (a access) anyAdmin() bool { return sourceadmin.HasRole(a.ms, auth.Admin) }

// actor names the user in the audit log.
func (a access) actor() string { return "user:" + strconv.FormatInt(a.user.ID, 10) }

// forbidden is the error for a write the user may not make.
func forbidden() error {
	return apperr.Errorf(apperr.Forbidden, "managing this source needs the admin role in its unit or a unit above it")
}

// liveSource returns the source of the {id} path value; a bad id, a missing
// source and a removed one are all NotFound.
func (ui *sourcesUI) liveSource(r *http.Request) (store.Source, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return store.Source{}, apperr.Errorf(apperr.NotFound, "no such source")
	}
	s, err := ui.store.Source(r.Context(), id)
	if err != nil {
		return store.Source{}, err
	}
	if s.State == store.SourceRemoved {
		return store.Source{}, apperr.Errorf(apperr.NotFound, "source %d not found", id)
	}
	return s, nil
}
