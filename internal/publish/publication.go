// Package publish is the desk's public voice: fact-checks (a claim
// reviewed, with a verdict and the evidence) and notices (accurate official
// information to spread), written in Markdown, moved through review and
// approval, and published on the public site. The workflow rules live here;
// the store persists what they decide in one transaction with an audit
// event.
package publish

import (
	"time"

	"github.com/factdesk/factdesk/internal/claim"
)

// Kind is what a publication is.
type Kind string

// The kinds.
const (
	FactCheck Kind = "fact_check"
	Notice    Kind = "notice"
)

// Status is where a publication stands in the workflow.
type Status string

// The statuses, in workflow order.
const (
	Draft     Status = "draft"
	InReview  Status = "in_review"
	Approved  Status = "approved"
	Published Status = "published"
	Retracted Status = "retracted"
)

// Public reports whether the public site shows a publication in this status.
func (s Status) Public() bool { return s == Published || s == Retracted }

// Citation is one cited source or piece of evidence.
type Citation struct {
	URL   string `json:"url"`
	Title string `json:"title,omitempty"`
}

// Publication is one fact-check or notice.
type Publication struct {
	ID            int64         `json:"id"`
	Kind          Kind          `json:"kind"`
	Slug          string        `json:"slug"`
	UnitID        int64         `json:"unit_id"`
	CaseID        int64         `json:"case_id,omitempty"`
	Status        Status        `json:"status"`
	Title         string        `json:"title"`
	Summary       string        `json:"summary,omitempty"`
	BodyMD        string        `json:"body_md,omitempty"`
	Language      string        `json:"language"`
	Tags          []string      `json:"tags,omitempty"`
	ClaimReviewed string        `json:"claim_reviewed,omitempty"`
	Claimant      string        `json:"claimant,omitempty"`
	ClaimDate     time.Time     `json:"claim_date,omitzero"`
	Appearances   []string      `json:"appearances,omitempty"`
	Rating        claim.Verdict `json:"rating,omitempty"`
	RatingText    string        `json:"rating_text,omitempty"`
	Citations     []Citation    `json:"citations,omitempty"`
	AuthorID      int64         `json:"author_id,omitempty"`
	ApproverID    int64         `json:"approver_id,omitempty"`
	ClaimID       int64         `json:"claim_id,omitempty"`
	Version       int           `json:"version"`
	CreatedAt     time.Time     `json:"created_at"`
	UpdatedAt     time.Time     `json:"updated_at"`
	PublishedAt   time.Time     `json:"published_at,omitzero"`
	RetractedAt   time.Time     `json:"retracted_at,omitzero"`
	RetractReason string        `json:"retract_reason,omitempty"`
}

// Version is one published version of a publication, kept for the record
// and shown on the public page with its change note.
type Version struct {
	Version     int         `json:"version"`
	ChangeNote  string      `json:"change_note,omitempty"`
	PublishedAt time.Time   `json:"published_at"`
	PublishedBy int64       `json:"published_by,omitempty"`
	Snapshot    Publication `json:"snapshot"`
}

// Settings are a unit's publishing rules.
type Settings struct {
	// SelfApproval lets the author of a publication approve it; off by
	// default, so that a second person checks every publication.
	SelfApproval bool `json:"self_approval"`
}

// Edit is a change to a publication's content; nil fields stay as they are.
type Edit struct {
	Title         *string        `json:"title,omitempty"`
	Summary       *string        `json:"summary,omitempty"`
	BodyMD        *string        `json:"body_md,omitempty"`
	Language      *string        `json:"language,omitempty"`
	Tags          *[]string      `json:"tags,omitempty"`
	ClaimReviewed *string        `json:"claim_reviewed,omitempty"`
	Claimant      *string        `json:"claimant,omitempty"`
	ClaimDate     *time.Time     `json:"claim_date,omitempty"`
	Appearances   *[]string      `json:"appearances,omitempty"`
	Rating        *claim.Verdict `json:"rating,omitempty"`
	RatingText    *string        `json:"rating_text,omitempty"`
	Citations     *[]Citation    `json:"citations,omitempty"`
	Slug          *string        `json:"slug,omitempty"`
}

// Apply writes the set fields of e over p.
func (e Edit) Apply(p *Publication) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&p.Title, e.Title)
	set(&p.Summary, e.Summary)
	set(&p.BodyMD, e.BodyMD)
	set(&p.Language, e.Language)
	set(&p.ClaimReviewed, e.ClaimReviewed)
	set(&p.Claimant, e.Claimant)
	set(&p.RatingText, e.RatingText)
	set(&p.Slug, e.Slug)
	if e.Tags != nil {
		p.Tags = *e.Tags
	}
	if e.ClaimDate != nil {
		p.ClaimDate = *e.ClaimDate
	}
	if e.Appearances != nil {
		p.Appearances = *e.Appearances
	}
	if e.Rating != nil {
		p.Rating = *e.Rating
	}
	if e.Citations != nil {
		p.Citations = *e.Citations
	}
}

// Filter selects publications for a list. Zero fields select everything.
type Filter struct {
	Kind     Kind
	Statuses []Status
	// Units limits the list to these units when not nil (an empty, non-nil
	// slice selects nothing): the units the caller may read.
	Units  []int64
	UnitID int64 // one unit
	Query  string
	Tag    string
	Lang   string
	Rating string
	// Public orders by publication time, newest first; otherwise by last
	// change.
	Public bool
	Limit  int // at most this many (0: 50)
	Offset int
}

// CaseInfo is what a publication written from a case starts with.
type CaseInfo struct {
	ID          int64
	UnitID      int64
	Title       string
	Description string
	Verdict     string
	Rationale   string
}
