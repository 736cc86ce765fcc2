// Package casework carries out what people do on the desk: turn alerts into
// cases, route and prioritise them, move them through the workflow, add
// comments, evidence and verdicts, escalate. Every request is decided by
// auth.Scope.Authorize and every change lands with its audit event,
// notifications and webhook events in one transaction (see store).
package casework

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/desk"
	"github.com/factdesk/factdesk/internal/store"
)

// Limits on what people send.
const (
	MaxTitle     = 300
	MaxText      = 20000 // description, comment, note, rationale
	MaxUpload    = 10 << 20
	MaxArchive   = 2 << 20 // text kept of a fetched URL
	MaxLinks     = 1000    // ids linked in one request
	maxFetchBody = 8 << 20
)

// Service is the desk's operations.
type Service struct {
	DB    *store.DB
	Clock clock.Clock
	// Fetch archives evidence URLs; it must refuse private addresses unless
	// the deployment allows them (netguard.New).
	Fetch *http.Client
}

// Caller is who asks: a user (with their scope) or the command line.
type Caller struct {
	UserID int64
	Actor  string // "user:12", "cli"
	Scope  auth.Scope
}

// CallerFor loads a user's scope.
func (s *Service) CallerFor(ctx context.Context, userID int64) (Caller, error) {
	ms, err := s.DB.Memberships(ctx, userID)
	if err != nil {
		return Caller{}, fmt.Errorf("memberships of user %d: %w", userID, err)
	}
	units, err := s.DB.Units(ctx)
	if err != nil {
		return Caller{}, fmt.Errorf("units: %w", err)
	}
	return Caller{UserID: userID, Actor: "user:" + strconv.FormatInt(userID, 10), Scope: auth.NewScope(userID, ms, units)}, nil
}

// Superuser is a caller with the admin role over every root unit: the
// command line acting on a local store.
func (s *Service) Superuser(ctx context.Context, actor string) (Caller, error) {
	units, err := s.DB.Units(ctx)
	if err != nil {
		return Caller{}, fmt.Errorf("units: %w", err)
	}
	var ms []auth.Membership
	for _, u := range units {
		if u.ParentID == 0 {
			ms = append(ms, auth.Membership{UnitID: u.ID, Role: auth.Admin})
		}
	}
	return Caller{Actor: actor, Scope: auth.NewScope(0, ms, units)}, nil
}

// Get reads a case the caller may see; outside their scope it does not exist.
func (s *Service) Get(ctx context.Context, c Caller, id int64) (desk.Case, error) {
	cs, err := s.DB.Case(ctx, id)
	if err != nil {
		return cs, err
	}
	if err := c.Scope.Authorize(auth.Read, cs.UnitID, fmt.Sprintf("case %d", id)); err != nil {
		return desk.Case{}, err
	}
	return cs, nil
}

// Filter selects cases for List.
type Filter struct {
	UnitID     int64 // this unit and below; 0 for everything in scope
	Status     string
	AssigneeID int64
	Priority   string
	OpenOnly   bool
	Overdue    bool
	Limit      int
}

// List lists the cases the caller may see.
func (s *Service) List(ctx context.Context, c Caller, f Filter) ([]desk.Case, error) {
	units, err := s.DB.Units(ctx)
	if err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	visible := c.Scope.Units(auth.Read, units)
	if f.UnitID != 0 {
		if err := c.Scope.Authorize(auth.Read, f.UnitID, fmt.Sprintf("unit %d", f.UnitID)); err != nil {
			return nil, err
		}
		below := subtree(units, f.UnitID)
		visible = intersect(visible, below)
	}
	if visible == nil {
		visible = []int64{}
	}
	cf := store.CaseFilter{UnitIDs: visible, AssigneeID: f.AssigneeID, OpenOnly: f.OpenOnly, Overdue: f.Overdue, Limit: f.Limit}
	if f.Status != "" {
		st, ok := desk.ParseStatus(f.Status)
		if !ok {
			return nil, apperr.InvalidFields(map[string]string{"status": fmt.Sprintf("%q is not a status (want one of %s)", f.Status, statusNames())})
		}
		cf.Statuses = []desk.Status{st}
	}
	if f.Priority != "" {
		p, ok := desk.ParsePriority(f.Priority)
		if !ok {
			return nil, apperr.InvalidFields(map[string]string{"priority": fmt.Sprintf("%q is not a priority (want low, normal, high or urgent)", f.Priority)})
		}
		cf.Priority = p
	}
	return s.DB.Cases(ctx, cf)
}

func statusNames() string {
	var out []string
	for _, s := range desk.Statuses {
		out = append(out, string(s))
	}
	return strings.Join(out, ", ")
}

// subtree lists id and every unit below it.
func subtree(units []auth.Unit, id int64) []int64 {
	children := map[int64][]int64{}
	for _, u := range units {
		children[u.ParentID] = append(children[u.ParentID], u.ID)
	}
	out := []int64{id}
	for i := 0; i < len(out); i++ {
		out = append(out, children[out[i]]...)
	}
	return out
}

func intersect(a, b []int64) []int64 {
	in := map[int64]bool{}
	for _, x := range b {
		in[x] = true
	}
	out := []int64{}
	for _, x := range a {
		if in[x] {
			out = append(out, x)
		}
	}
	return out
}
