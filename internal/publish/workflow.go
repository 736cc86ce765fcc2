package publish

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/text"
)

// Caller is who asks for a change: a user with their scope, and the name
// the audit log gives them ("user:12", "cli").
type Caller struct {
	UserID int64
	Actor  string
	Scope  auth.Scope
	Units  []auth.Unit
}

// NewCaller builds the caller of userID from their memberships and every unit.
func NewCaller(userID int64, ms []auth.Membership, units []auth.Unit) Caller {
	return Caller{UserID: userID, Actor: "user:" + strconv.FormatInt(userID, 10), Scope: auth.NewScope(userID, ms, units), Units: units}
}

// Change is what a workflow step did, for the store to persist with the
// publication in one transaction: the audit action and details, whether a
// new public version is written (with its note), and whether a linked case
// becomes published.
type Change struct {
	Action        string // audit action, "publication.publish"
	Details       map[string]any
	NewVersion    bool
	ChangeNote    string
	PublishCase   bool // set the linked case's status to published
	SyncLibrary   bool // write the fact-check into the claims library
	PublicChanged bool // the public site must drop its cached pages
	// Claim is the claims-library record to write (set by the Service when
	// SyncLibrary is on).
	Claim *claim.Claim
}

// what names p in permission errors.
func what(p Publication) string { return "publication " + strconv.FormatInt(p.ID, 10) }

// Step is a workflow step applied to a publication inside the store's
// transaction: it checks the caller's permission and the publication's
// state, changes p and says what to persist.
type Step func(p *Publication, s Settings, now time.Time) (Change, error)

// EditStep changes the content of a publication that is not yet public.
// It needs the Draft action; an approved publication goes back to draft,
// since its approval was of other content.
func EditStep(c Caller, e Edit) Step {
	return func(p *Publication, _ Settings, _ time.Time) (Change, error) {
		if err := c.Scope.Authorize(auth.Draft, p.UnitID, what(*p)); err != nil {
			return Change{}, err
		}
		if p.Status.Public() {
			return Change{}, apperr.Errorf(apperr.Conflict, "Publication %d is %s; change it with an update and a change note.", p.ID, p.Status)
		}
		e.Apply(p)
		if err := Normalize(p); err != nil {
			return Change{}, err
		}
		ch := Change{Action: "publication.edit", Details: map[string]any{"status": string(p.Status)}}
		if p.Status == Approved {
			p.Status, p.ApproverID = Draft, 0
			ch.Details["approval_reset"] = true
		}
		return ch, nil
	}
}

// SubmitStep sends a draft for review (Draft action). A publication that
// could not be published is not submitted.
func SubmitStep(c Caller) Step {
	return func(p *Publication, _ Settings, _ time.Time) (Change, error) {
		if err := c.Scope.Authorize(auth.Draft, p.UnitID, what(*p)); err != nil {
			return Change{}, err
		}
		if err := from(p, "submit", Draft); err != nil {
			return Change{}, err
		}
		if err := Ready(*p); err != nil {
			return Change{}, err
		}
		p.Status = InReview
		return Change{Action: "publication.submit"}, nil
	}
}

// ApproveStep approves a publication in review (Approve action, a lead).
// The author may not approve their own publication unless the unit's
// settings allow it.
func ApproveStep(c Caller) Step {
	return func(p *Publication, s Settings, _ time.Time) (Change, error) {
		if err := c.Scope.Authorize(auth.Approve, p.UnitID, what(*p)); err != nil {
			return Change{}, err
		}
		if err := from(p, "approve", InReview); err != nil {
			return Change{}, err
		}
		if !s.SelfApproval && p.AuthorID != 0 && p.AuthorID == c.UserID {
			return Change{}, apperr.Errorf(apperr.Forbidden, "A lead other than the author approves a publication; this unit does not allow self-approval.")
		}
		if err := Ready(*p); err != nil {
			return Change{}, err
		}
		p.Status, p.ApproverID = Approved, c.UserID
		return Change{Action: "publication.approve"}, nil
	}
}

// SendBackStep returns a publication in review or approved to draft
// (Approve action), with an optional note for the author.
func SendBackStep(c Caller, note string) Step {
	return func(p *Publication, _ Settings, _ time.Time) (Change, error) {
		if err := c.Scope.Authorize(auth.Approve, p.UnitID, what(*p)); err != nil {
			return Change{}, err
		}
		if err := from(p, "send back", InReview, Approved); err != nil {
			return Change{}, err
		}
		p.Status, p.ApproverID = Draft, 0
		return Change{Action: "publication.send_back", Details: map[string]any{"note": strings.TrimSpace(note)}}, nil
	}
}

// PublishStep publishes an approved publication (Approve action): version
// 1 goes public, a fact-check enters the claims library, and a linked case
// becomes published.
func PublishStep(c Caller) Step {
	return func(p *Publication, _ Settings, now time.Time) (Change, error) {
		if err := c.Scope.Authorize(auth.Approve, p.UnitID, what(*p)); err != nil {
			return Change{}, err
		}
		if err := from(p, "publish", Approved); err != nil {
			return Change{}, err
		}
		if err := Ready(*p); err != nil {
			return Change{}, err
		}
		p.Status, p.Version, p.PublishedAt = Published, p.Version+1, now
		return Change{Action: "publication.publish", NewVersion: true, PublishCase: true,
			SyncLibrary: p.Kind == FactCheck, PublicChanged: true, Details: map[string]any{"version": p.Version}}, nil
	}
}

// UpdateStep changes a published publication (Approve action): the edit
// becomes a new public version with its change note, which is required.
// A changed rating changes the claims library.
func UpdateStep(c Caller, e Edit, note string) Step {
	return func(p *Publication, _ Settings, now time.Time) (Change, error) {
		if err := c.Scope.Authorize(auth.Approve, p.UnitID, what(*p)); err != nil {
			return Change{}, err
		}
		if err := from(p, "update", Published); err != nil {
			return Change{}, err
		}
		note = text.NormalizeSpace(text.NFC(note))
		if note == "" {
			return Change{}, apperr.InvalidFields(map[string]string{"change_note": "say in public what changed"})
		}
		e.Slug = nil // a public URL does not move
		old := *p
		e.Apply(p)
		if err := Normalize(p); err != nil {
			return Change{}, err
		}
		if err := Ready(*p); err != nil {
			return Change{}, err
		}
		p.Version++
		p.UpdatedAt = now
		d := map[string]any{"version": p.Version, "note": note}
		if old.Rating != p.Rating {
			d["old_rating"], d["rating"] = string(old.Rating), string(p.Rating)
		}
		return Change{Action: "publication.update", NewVersion: true, ChangeNote: note,
			SyncLibrary: p.Kind == FactCheck, PublicChanged: true, Details: d}, nil
	}
}

// RetractStep retracts a published publication (Close action, a lead):
// the page stays, marked retracted with the reason, and its claim stops
// raising alerts.
func RetractStep(c Caller, reason string) Step {
	return func(p *Publication, _ Settings, now time.Time) (Change, error) {
		if err := c.Scope.Authorize(auth.Close, p.UnitID, what(*p)); err != nil {
			return Change{}, err
		}
		if err := from(p, "retract", Published); err != nil {
			return Change{}, err
		}
		reason = text.NormalizeSpace(text.NFC(reason))
		if reason == "" {
			return Change{}, apperr.InvalidFields(map[string]string{"reason": "say in public why it is retracted"})
		}
		p.Status, p.RetractedAt, p.RetractReason = Retracted, now, reason
		return Change{Action: "publication.retract", SyncLibrary: p.Kind == FactCheck, PublicChanged: true,
			Details: map[string]any{"reason": reason}}, nil
	}
}

// from checks that p is in one of the statuses a step starts from.
func from(p *Publication, step string, ok ...Status) error {
	if slices.Contains(ok, p.Status) {
		return nil
	}
	want := make([]string, len(ok))
	for i, s := range ok {
		want[i] = string(s)
	}
	return apperr.Errorf(apperr.Conflict, "Cannot %s publication %d: it is %s (it must be %s).", step, p.ID, p.Status, strings.Join(want, " or "))
}

// CheckCreate authorizes creating p (Draft action in its unit) and
// normalizes it as a draft written by the caller.
func CheckCreate(c Caller, p *Publication) error {
	if p.UnitID == 0 {
		return apperr.InvalidFields(map[string]string{"unit_id": "say which unit publishes this"})
	}
	if err := c.Scope.Authorize(auth.Draft, p.UnitID, fmt.Sprintf("unit %d", p.UnitID)); err != nil {
		return err
	}
	p.ID, p.Status, p.Version, p.AuthorID, p.ApproverID, p.ClaimID = 0, Draft, 0, c.UserID, 0, 0
	p.PublishedAt, p.RetractedAt, p.RetractReason = time.Time{}, time.Time{}, ""
	if p.Kind == "" {
		p.Kind = FactCheck
	}
	return Normalize(p)
}
