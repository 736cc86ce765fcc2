package publish

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/claim"
)

// Store is what the Service needs from the database. *store.DB satisfies it.
type Store interface {
	// CreatePublication stores a checked new publication; Invalid for a
	// unit or case that does not exist.
	CreatePublication(ctx context.Context, actor string, p Publication) (Publication, error)
	// ChangePublication applies a step in one transaction; NotFound, or
	// the step's error.
	ChangePublication(ctx context.Context, actor string, id int64, step Step) (Publication, Change, error)
	// Publication returns a publication; NotFound.
	Publication(ctx context.Context, id int64) (Publication, error)
	// Publications lists and counts what a filter selects.
	Publications(ctx context.Context, f Filter) ([]Publication, int, error)
	// PublicationVersions lists the published versions, oldest first.
	PublicationVersions(ctx context.Context, id int64) ([]Version, error)
	// CaseForPublication reads a case to start from; NotFound.
	CaseForPublication(ctx context.Context, id int64) (CaseInfo, error)
	// SetPublishSettings saves a unit's rules; Invalid for no such unit.
	SetPublishSettings(ctx context.Context, actor string, unitID int64, s Settings) error
}

// Service runs the publishing workflow for the UI, the API and the CLI.
type Service struct {
	Store Store
	// BaseURL is the public site's URL ("https://facts.example.org"), for
	// the review URL of claims-library records.
	BaseURL string
	// Publisher names the organisation in the claims library.
	Publisher string
	// OnPublic is called after a change the public site shows (publish,
	// update, retract), e.g. to drop cached pages. May be nil.
	OnPublic func(Publication)
}

// PageURL is the public address of a publication.
func PageURL(base string, p Publication) string {
	dir := "/facts/"
	if p.Kind == Notice {
		dir = "/notices/"
	}
	return strings.TrimRight(base, "/") + dir + p.Slug
}

// Create stores a new draft written by c. With fromCase, the publication
// starts from that case: its unit, title, description and verdict fill
// what p leaves empty. Errors: Invalid, NotFound (unit or case outside
// c's scope), Forbidden (below editor).
func (s *Service) Create(ctx context.Context, c Caller, p Publication) (Publication, error) {
	if p.CaseID != 0 {
		if err := s.fromCase(ctx, c, &p); err != nil {
			return Publication{}, err
		}
	}
	if err := CheckCreate(c, &p); err != nil {
		return Publication{}, err
	}
	return s.Store.CreatePublication(ctx, c.Actor, p)
}

func (s *Service) fromCase(ctx context.Context, c Caller, p *Publication) error {
	ci, err := s.Store.CaseForPublication(ctx, p.CaseID)
	if err != nil {
		return err
	}
	if err := c.Scope.Authorize(auth.Read, ci.UnitID, fmt.Sprintf("case %d", ci.ID)); err != nil {
		return err
	}
	if p.UnitID == 0 {
		p.UnitID = ci.UnitID
	}
	if p.Title == "" {
		p.Title = ci.Title
	}
	if p.Kind == FactCheck || p.Kind == "" {
		if p.ClaimReviewed == "" {
			p.ClaimReviewed = ci.Title
		}
		if p.Rating == "" && ci.Verdict != "" {
			p.Rating = claim.Verdict(ci.Verdict)
		}
	}
	if p.Summary == "" {
		p.Summary = ci.Rationale
	}
	if p.BodyMD == "" {
		p.BodyMD = ci.Description
	}
	return nil
}

// Get returns a publication c may read. Errors: NotFound.
func (s *Service) Get(ctx context.Context, c Caller, id int64) (Publication, error) {
	p, err := s.Store.Publication(ctx, id)
	if err != nil {
		return Publication{}, err
	}
	if err := c.Scope.Authorize(auth.Read, p.UnitID, what(p)); err != nil {
		return Publication{}, err
	}
	return p, nil
}

// List lists the publications of the units c may read.
func (s *Service) List(ctx context.Context, c Caller, f Filter) ([]Publication, int, error) {
	f.Units = c.Scope.Units(auth.Read, c.Units)
	if f.Units == nil {
		f.Units = []int64{}
	}
	return s.Store.Publications(ctx, f)
}

// Versions lists the published versions of a publication c may read.
func (s *Service) Versions(ctx context.Context, c Caller, id int64) ([]Version, error) {
	if _, err := s.Get(ctx, c, id); err != nil {
		return nil, err
	}
	return s.Store.PublicationVersions(ctx, id)
}

// Edit changes a publication not yet public (editor).
func (s *Service) Edit(ctx context.Context, c Caller, id int64, e Edit) (Publication, error) {
	return s.apply(ctx, c, id, EditStep(c, e))
}

// Submit sends a draft for review (editor).
func (s *Service) Submit(ctx context.Context, c Caller, id int64) (Publication, error) {
	return s.apply(ctx, c, id, SubmitStep(c))
}

// Approve approves a publication in review (a lead, not the author unless
// the unit allows it).
func (s *Service) Approve(ctx context.Context, c Caller, id int64) (Publication, error) {
	return s.apply(ctx, c, id, ApproveStep(c))
}

// SendBack returns a publication to draft (lead).
func (s *Service) SendBack(ctx context.Context, c Caller, id int64, note string) (Publication, error) {
	return s.apply(ctx, c, id, SendBackStep(c, note))
}

// Publish publishes an approved publication (lead).
func (s *Service) Publish(ctx context.Context, c Caller, id int64) (Publication, error) {
	return s.apply(ctx, c, id, PublishStep(c))
}

// Update publishes a new version of a published publication with a public
// change note (lead).
func (s *Service) Update(ctx context.Context, c Caller, id int64, e Edit, note string) (Publication, error) {
	return s.apply(ctx, c, id, UpdateStep(c, e, note))
}

// Retract retracts a published publication with a public reason (lead).
func (s *Service) Retract(ctx context.Context, c Caller, id int64, reason string) (Publication, error) {
	return s.apply(ctx, c, id, RetractStep(c, reason))
}

// PublishNow takes a draft all the way to published in one call, for
// integrations: submit, approve and publish, each step with its own
// checks and audit event. It works only where the caller may approve
// their own work (a lead in a unit that allows self-approval).
func (s *Service) PublishNow(ctx context.Context, c Caller, id int64) (Publication, error) {
	for _, step := range []func(context.Context, Caller, int64) (Publication, error){s.Submit, s.Approve, s.Publish} {
		if _, err := step(ctx, c, id); err != nil {
			return Publication{}, err
		}
	}
	return s.Store.Publication(ctx, id)
}

// SetSettings changes a unit's publishing rules (the Settings action, an admin).
func (s *Service) SetSettings(ctx context.Context, c Caller, unitID int64, st Settings) error {
	if err := c.Scope.Authorize(auth.Settings, unitID, fmt.Sprintf("unit %d", unitID)); err != nil {
		return err
	}
	return s.Store.SetPublishSettings(ctx, c.Actor, unitID, st)
}

// apply runs step in the store, adding the claims-library record when the
// step asks for it, and tells OnPublic about public changes.
func (s *Service) apply(ctx context.Context, c Caller, id int64, step Step) (Publication, error) {
	if s.Store == nil {
		return Publication{}, apperr.Errorf(apperr.Unavailable, "publishing is not set up")
	}
	wrapped := func(p *Publication, st Settings, now time.Time) (Change, error) {
		ch, err := step(p, st, now)
		if err != nil || !ch.SyncLibrary {
			return ch, err
		}
		cl := ClaimOf(*p, PageURL(s.BaseURL, *p), s.Publisher)
		ch.Claim = &cl
		return ch, nil
	}
	p, ch, err := s.Store.ChangePublication(ctx, c.Actor, id, wrapped)
	if err != nil {
		return Publication{}, err
	}
	if ch.PublicChanged && s.OnPublic != nil {
		s.OnPublic(p)
	}
	return p, nil
}
