// Package desk holds the rules of the case desk: what a case is, which
// status changes are allowed and who may make them, how a case's priority
// and due time are worked out, and where a case is routed. It is pure: the
// store persists cases and casework applies these rules to requests.
package desk

import (
	"slices"
	"time"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/claim"
)

// Status is where a case stands in its workflow.
type Status string

// The statuses, in workflow order; Dismissed leaves the flow.
const (
	New        Status = "new"
	Triaged    Status = "triaged"
	Verifying  Status = "verifying"
	Responding Status = "responding"
	Published  Status = "published"
	Closed     Status = "closed"
	Dismissed  Status = "dismissed"
)

// Statuses lists every status in board order.
var Statuses = []Status{New, Triaged, Verifying, Responding, Published, Closed, Dismissed}

// Open reports whether a case in s still needs work.
func (s Status) Open() bool { return s != Closed && s != Dismissed && s != Published }

// Verdicts are factdesk's rating scale: the claims library's (claim.Verdicts).
var Verdicts = verdictNames()

func verdictNames() []string {
	out := make([]string, len(claim.Verdicts))
	for i, v := range claim.Verdicts {
		out[i] = string(v)
	}
	return out
}

// ValidVerdict reports whether v is on the scale.
func ValidVerdict(v string) bool { return slices.Contains(claim.Verdicts, claim.Verdict(v)) }

// Case is one piece of work on the desk.
type Case struct {
	ID               int64     `json:"id"`
	UnitID           int64     `json:"unit_id"`
	Title            string    `json:"title"`
	Description      string    `json:"description"`
	Status           Status    `json:"status"`
	Priority         Priority  `json:"priority"`
	PriorityScore    float64   `json:"priority_score"`
	PriorityReasons  []string  `json:"priority_reasons"`
	PriorityOverride bool      `json:"priority_override,omitempty"`
	RoutingReason    string    `json:"routing_reason,omitempty"`
	AssigneeID       int64     `json:"assignee_id,omitempty"`
	DueAt            time.Time `json:"due_at,omitzero"`
	Overdue          bool      `json:"overdue"`
	Verdict          string    `json:"verdict,omitempty"`
	VerdictRationale string    `json:"verdict_rationale,omitempty"`
	VerdictAt        time.Time `json:"verdict_at,omitzero"`
	VerdictBy        int64     `json:"verdict_by,omitempty"`
	CreatedBy        string    `json:"created_by,omitempty"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
	FirstAlertAt     time.Time `json:"first_alert_at,omitzero"`
	PublishedAt      time.Time `json:"published_at,omitzero"`
	ClosedAt         time.Time `json:"closed_at,omitzero"`

	PostIDs  []int64 `json:"post_ids"`
	StoryIDs []int64 `json:"story_ids"`
	ClaimIDs []int64 `json:"claim_ids"`
	AlertIDs []int64 `json:"alert_ids"`
}

// MarkOverdue sets Overdue from the due time and status as of now.
func (c *Case) MarkOverdue(now time.Time) {
	c.Overdue = c.Status.Open() && !c.DueAt.IsZero() && now.After(c.DueAt)
}

// Comment is a note on a case; Mentions are the users it names with @.
type Comment struct {
	ID        int64     `json:"id"`
	CaseID    int64     `json:"case_id"`
	AuthorID  int64     `json:"author_id,omitempty"`
	Author    string    `json:"author,omitempty"`
	Body      string    `json:"body"`
	Mentions  []int64   `json:"mentions,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Evidence kinds.
const (
	EvidenceURL  = "url"
	EvidenceNote = "note"
	EvidenceFile = "file"
)

// Evidence is one item gathered for a case: a URL archived as text, a note,
// or an uploaded file. Content is loaded only when asked for.
type Evidence struct {
	ID          int64     `json:"id"`
	CaseID      int64     `json:"case_id"`
	Kind        string    `json:"kind"`
	URL         string    `json:"url,omitempty"`
	Title       string    `json:"title,omitempty"`
	Note        string    `json:"note,omitempty"`
	ContentType string    `json:"content_type,omitempty"`
	Filename    string    `json:"filename,omitempty"`
	Size        int64     `json:"size,omitempty"`
	SHA256      string    `json:"sha256,omitempty"`
	FetchedAt   time.Time `json:"fetched_at,omitzero"`
	AddedBy     int64     `json:"added_by,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	Content     []byte    `json:"-"`
}

// transitions maps each status to the statuses it may move to and the
// action that move needs.
var transitions = map[Status]map[Status]auth.Action{
	New:        {Triaged: auth.Triage, Verifying: auth.Investigate, Dismissed: auth.Triage},
	Triaged:    {Verifying: auth.Investigate, Dismissed: auth.Triage},
	Verifying:  {Responding: auth.Decide, Dismissed: auth.Close},
	Responding: {Published: auth.Approve, Closed: auth.Close, Verifying: auth.Decide},
	Published:  {Closed: auth.Close, Responding: auth.Decide},
	Closed:     {Verifying: auth.Close},
	Dismissed:  {New: auth.Close},
}

// Transition says whether a case may move from one status to another and
// which action the move needs; ok is false for a move the workflow refuses.
func Transition(from, to Status) (auth.Action, bool) {
	a, ok := transitions[from][to]
	return a, ok
}

// Next lists the statuses a case in s may move to, in board order.
func Next(s Status) []Status {
	var out []Status
	for _, t := range Statuses {
		if _, ok := transitions[s][t]; ok {
			out = append(out, t)
		}
	}
	return out
}

// ParseStatus validates a status name.
func ParseStatus(s string) (Status, bool) {
	for _, x := range Statuses {
		if string(x) == s {
			return x, true
		}
	}
	return "", false
}
