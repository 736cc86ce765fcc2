package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/publish"
)

// PublicationsService runs the publishing workflow; *publish.Service
// satisfies it (see it for the errors of each method).
type PublicationsService interface {
	Create(ctx context.Context, c publish.Caller, p publish.Publication) (publish.Publication, error)
	Get(ctx context.Context, c publish.Caller, id int64) (publish.Publication, error)
	List(ctx context.Context, c publish.Caller, f publish.Filter) ([]publish.Publication, int, error)
	Versions(ctx context.Context, c publish.Caller, id int64) ([]publish.Version, error)
	Edit(ctx context.Context, c publish.Caller, id int64, e publish.Edit) (publish.Publication, error)
	Submit(ctx context.Context, c publish.Caller, id int64) (publish.Publication, error)
	Approve(ctx context.Context, c publish.Caller, id int64) (publish.Publication, error)
	SendBack(ctx context.Context, c publish.Caller, id int64, note string) (publish.Publication, error)
	Publish(ctx context.Context, c publish.Caller, id int64) (publish.Publication, error)
	Update(ctx context.Context, c publish.Caller, id int64, e publish.Edit, note string) (publish.Publication, error)
	Retract(ctx context.Context, c publish.Caller, id int64, reason string) (publish.Publication, error)
}

// PublicationsDeps turn the Publish placeholder into the Publications
// page: editors write fact-checks and notices (from scratch or from a
// case) in Markdown with a preview and submit them; leads approve,
// publish, update with a change note and retract.
type PublicationsDeps struct {
	Service PublicationsService
}

// pubUI serves the Publications page.
type pubUI struct {
	h   *Handler
	svc PublicationsService
}

// publicationsArea builds the area under /publish.
func (h *Handler) publicationsArea(d PublicationsDeps) (Area, error) {
	if d.Service == nil {
		return Area{}, fmt.Errorf("web: PublicationsDeps.Service is required")
	}
	ui := &pubUI{h: h, svc: d.Service}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /publish", ui.list)
	mux.HandleFunc("GET /publish/new", ui.newForm)
	mux.HandleFunc("POST /publish", ui.create)
	mux.HandleFunc("GET /publish/{id}", ui.show)
	mux.HandleFunc("POST /publish/{id}", ui.save)
	mux.HandleFunc("POST /publish/{id}/{step}", ui.step)
	mux.HandleFunc("/publish/", h.notFound)
	return Area{Path: "/publish", Key: "nav.publish", Handler: mux}, nil
}

// caller is the publish identity of the logged-in user.
func (ui *pubUI) caller(r *http.Request) (publish.Caller, error) {
	u := UserFrom(r.Context())
	if u == nil {
		return publish.Caller{}, apperr.Errorf(apperr.Unauthorized, "not logged in")
	}
	ms, err := ui.h.store.Memberships(r.Context(), u.ID)
	if err != nil {
		return publish.Caller{}, fmt.Errorf("publications: memberships: %w", err)
	}
	units, err := ui.h.store.Units(r.Context())
	if err != nil {
		return publish.Caller{}, fmt.Errorf("publications: units: %w", err)
	}
	return publish.NewCaller(u.ID, ms, units), nil
}

// draftUnits are the units where c may write publications.
func draftUnits(c publish.Caller) []auth.Unit {
	var out []auth.Unit
	for _, u := range c.Units {
		if c.Scope.Can(auth.Draft, u.ID) {
			out = append(out, u)
		}
	}
	return out
}

// idOf reads the {id} path value; a bad one is NotFound.
func idOf(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.Errorf(apperr.NotFound, "no such publication")
	}
	return id, nil
}
