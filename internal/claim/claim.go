// Package claim defines a checked claim: a statement of fact that a
// fact-checker reviewed, with its verdict and the evidence, following the
// fields of schema.org ClaimReview. The claims library is what new posts are
// matched against.
package claim

import (
	"fmt"
	"strings"
	"time"
)

// Verdict is factdesk's rating scale. It rates factual accuracy against
// evidence; there is no rating for opinions or stance.
type Verdict string

// The verdicts, from worst to best.
const (
	False          Verdict = "false"
	Misleading     Verdict = "misleading"
	MissingContext Verdict = "missing-context"
	Unproven       Verdict = "unproven"
	True           Verdict = "true"
)

// Verdicts lists every verdict.
var Verdicts = []Verdict{False, Misleading, MissingContext, Unproven, True}

// ParseVerdict validates a verdict name.
func ParseVerdict(s string) (Verdict, error) {
	v := Verdict(strings.ToLower(strings.TrimSpace(s)))
	for _, x := range Verdicts {
		if v == x {
			return v, nil
		}
	}
	return "", fmt.Errorf("unknown verdict %q (want false, misleading, missing-context, unproven or true)", s)
}

// Alarming reports whether a match to a claim with this verdict should raise
// a "known false claim is spreading" alert.
func (v Verdict) Alarming() bool { return v == False || v == Misleading }

// Claim is one checked claim.
type Claim struct {
	ID          int64     `json:"id"`
	Key         string    `json:"key"`             // stable identity for idempotent imports (review URL, or a hash)
	Text        string    `json:"text"`            // the claim as stated (claimReviewed)
	Title       string    `json:"title,omitempty"` // the review's headline
	Claimant    string    `json:"claimant,omitempty"`
	ClaimDate   time.Time `json:"claim_date,omitzero"`
	Appearances []string  `json:"appearances,omitempty"` // URLs where the claim appeared
	Verdict     Verdict   `json:"verdict"`
	RatingText  string    `json:"rating_text,omitempty"` // the publisher's own wording
	ReviewURL   string    `json:"review_url,omitempty"`
	Publisher   string    `json:"publisher,omitempty"`
	Lang        string    `json:"lang,omitempty"`
	ReviewDate  time.Time `json:"review_date,omitzero"`
	Summary     string    `json:"summary,omitempty"`
	Evidence    []string  `json:"evidence,omitempty"` // URLs or notes that settle it
	Tags        []string  `json:"tags,omitempty"`
	CreatedAt   time.Time `json:"created_at,omitzero"`
	UpdatedAt   time.Time `json:"updated_at,omitzero"`
}
