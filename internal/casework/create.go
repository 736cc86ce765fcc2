package casework

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/desk"
	"github.com/factdesk/factdesk/internal/store"
)

// NewCase is a request to open a case.
type NewCase struct {
	Title       string  `json:"title"`
	Description string  `json:"description"`
	PostIDs     []int64 `json:"post_ids"`
	StoryIDs    []int64 `json:"story_ids"`
	ClaimIDs    []int64 `json:"claim_ids"`
	AlertIDs    []int64 `json:"alert_ids"`
	UnitID      int64   `json:"unit_id"`  // route here instead of by place names
	Priority    string  `json:"priority"` // override the computed priority
	AssigneeID  int64   `json:"assignee_id"`
}

func (n *NewCase) validate() error {
	bad := map[string]string{}
	n.Title = strings.TrimSpace(n.Title)
	switch {
	case n.Title == "":
		bad["title"] = "a title is required"
	case utf8.RuneCountInString(n.Title) > MaxTitle:
		bad["title"] = fmt.Sprintf("at most %d characters", MaxTitle)
	}
	if utf8.RuneCountInString(n.Description) > MaxText {
		bad["description"] = fmt.Sprintf("at most %d characters", MaxText)
	}
	for name, ids := range map[string][]int64{"post_ids": n.PostIDs, "story_ids": n.StoryIDs, "claim_ids": n.ClaimIDs, "alert_ids": n.AlertIDs} {
		if len(ids) > MaxLinks {
			bad[name] = fmt.Sprintf("at most %d ids", MaxLinks)
		}
		for _, id := range ids {
			if id <= 0 {
				bad[name] = fmt.Sprintf("%d is not an id", id)
			}
		}
	}
	if n.Priority != "" {
		if _, ok := desk.ParsePriority(n.Priority); !ok {
			bad["priority"] = fmt.Sprintf("%q is not a priority (want low, normal, high or urgent)", n.Priority)
		}
	}
	if len(bad) > 0 {
		return apperr.InvalidFields(bad)
	}
	return nil
}

// Create opens a case: it is routed to the unit whose place names its posts
// mention (or the unit given), prioritised from its signals, and given a
// due time. Opening a case is triage: the caller needs the analyst role in
// some unit, or in the unit named.
func (s *Service) Create(ctx context.Context, c Caller, n NewCase) (desk.Case, error) {
	if err := n.validate(); err != nil {
		return desk.Case{}, err
	}
	if n.UnitID != 0 {
		if err := c.Scope.Authorize(auth.Triage, n.UnitID, fmt.Sprintf("unit %d", n.UnitID)); err != nil {
			return desk.Case{}, err
		}
	} else if !c.Scope.Any(auth.Triage) {
		return desk.Case{}, apperr.Errorf(apperr.Forbidden, "Opening a case needs the analyst role or above in a unit.")
	}
	for _, id := range n.AlertIDs {
		if err := s.checkAlert(ctx, c, id); err != nil {
			return desk.Case{}, err
		}
	}
	in, err := s.DB.CaseInputsFor(ctx, n.PostIDs, n.StoryIDs, n.AlertIDs, n.ClaimIDs)
	if err != nil {
		return desk.Case{}, err
	}
	units, err := s.DB.Units(ctx)
	if err != nil {
		return desk.Case{}, fmt.Errorf("units: %w", err)
	}
	cs := desk.Case{Title: n.Title, Description: n.Description, PostIDs: n.PostIDs, StoryIDs: n.StoryIDs,
		ClaimIDs: n.ClaimIDs, AlertIDs: n.AlertIDs, Status: desk.New}
	route := desk.NewRouter(units).Route(in.Texts, in.SourceUnits, fallbackUnit(c, units))
	if n.UnitID != 0 {
		cs.UnitID, cs.RoutingReason = n.UnitID, "unit chosen when the case was opened"
	} else {
		cs.UnitID, cs.RoutingReason = route.UnitID, route.Reason
	}
	if cs.UnitID == 0 {
		return desk.Case{}, apperr.Errorf(apperr.Invalid, "There is no unit to route the case to; create a unit first (factdesk unit add).")
	}
	cs.Priority, cs.PriorityScore, cs.PriorityReasons = desk.Prioritise(desk.Signals{Posts: in.Posts, Sources: in.Sources,
		Growth: in.MaxScore, KnownFalse: in.KnownFalse, PlaceMatched: route.PlaceMatched})
	if n.Priority != "" {
		cs.Priority, _ = desk.ParsePriority(n.Priority)
		cs.PriorityOverride = true
		cs.PriorityReasons = append(cs.PriorityReasons, "set by hand when the case was opened")
	}
	cs.DueAt = desk.DueAt(cs.Priority, s.Clock.Now().UTC())
	if n.AssigneeID != 0 {
		if err := s.checkAssignee(ctx, n.AssigneeID, cs.UnitID); err != nil {
			return desk.Case{}, err
		}
		cs.AssigneeID = n.AssigneeID
	}
	return s.DB.CreateCase(ctx, c.Actor, cs, store.CaseEffects{Action: "case.create",
		Notify: []int64{cs.AssigneeID}, Message: "New case assigned to you: " + cs.Title})
}

// fallbackUnit is where a case goes when neither place names nor sources
// say: the caller's own highest unit with the analyst role, else the first
// root unit.
func fallbackUnit(c Caller, units []auth.Unit) int64 {
	for _, u := range units {
		if c.Scope.Can(auth.Triage, u.ID) {
			return u.ID
		}
	}
	for _, u := range units {
		if u.ParentID == 0 {
			return u.ID
		}
	}
	return 0
}

// checkAlert makes sure an alert exists in the caller's scope and is open.
func (s *Service) checkAlert(ctx context.Context, c Caller, id int64) error {
	a, err := s.DB.Alert(ctx, id)
	if err != nil {
		return err
	}
	if err := c.Scope.Authorize(auth.Triage, a.UnitID, fmt.Sprintf("alert %d", id)); err != nil {
		return err
	}
	if a.Status != store.AlertOpen {
		return apperr.Errorf(apperr.Conflict, "alert %d is already %s", id, a.Status)
	}
	return nil
}

// checkAssignee makes sure a user may work on cases of unitID.
func (s *Service) checkAssignee(ctx context.Context, userID, unitID int64) error {
	u, err := s.DB.User(ctx, userID)
	if err != nil {
		return apperr.InvalidFields(map[string]string{"assignee_id": fmt.Sprintf("user %d does not exist", userID)})
	}
	who, err := s.CallerFor(ctx, u.ID)
	if err != nil {
		return err
	}
	if u.Disabled || !who.Scope.Can(auth.Triage, unitID) {
		return apperr.InvalidFields(map[string]string{"assignee_id": fmt.Sprintf("%s has no analyst role or above in unit %d", u.Email, unitID)})
	}
	return nil
}

// AcceptAlert turns an open alert into a new case (its story and claim
// linked) or, with caseID, merges it into an existing case.
func (s *Service) AcceptAlert(ctx context.Context, c Caller, alertID, caseID int64, title string) (desk.Case, error) {
	if err := s.checkAlert(ctx, c, alertID); err != nil {
		return desk.Case{}, err
	}
	a, err := s.DB.Alert(ctx, alertID)
	if err != nil {
		return desk.Case{}, err
	}
	var stories, claims []int64
	if a.StoryID != 0 {
		stories = []int64{a.StoryID}
	}
	if a.ClaimID != 0 {
		claims = []int64{a.ClaimID}
	}
	if caseID != 0 {
		cs, err := s.Get(ctx, c, caseID)
		if err != nil {
			return cs, err
		}
		if err := c.Scope.Authorize(auth.Triage, cs.UnitID, fmt.Sprintf("case %d", caseID)); err != nil {
			return desk.Case{}, err
		}
		return s.DB.LinkToCase(ctx, c.Actor, caseID, nil, stories, claims, []int64{alertID}, store.CaseEffects{
			Action: "case.merge_alert", Details: map[string]any{"alert_id": alertID},
			Notify: []int64{cs.AssigneeID}, Message: fmt.Sprintf("Alert %d merged into case %d", alertID, caseID)})
	}
	if strings.TrimSpace(title) == "" {
		title = a.Explanation
		if r := []rune(title); len(r) > 200 {
			title = string(r[:200]) + "…"
		}
	}
	return s.Create(ctx, c, NewCase{Title: title, Description: a.Explanation, StoryIDs: stories, ClaimIDs: claims,
		AlertIDs: []int64{alertID}, UnitID: a.UnitID})
}

// DismissAlert closes an open alert with a reason.
func (s *Service) DismissAlert(ctx context.Context, c Caller, alertID int64, reason string) (store.Alert, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return store.Alert{}, apperr.InvalidFields(map[string]string{"reason": "say why the alert is dismissed"})
	}
	if utf8.RuneCountInString(reason) > MaxText {
		return store.Alert{}, apperr.InvalidFields(map[string]string{"reason": fmt.Sprintf("at most %d characters", MaxText)})
	}
	if err := s.checkAlert(ctx, c, alertID); err != nil {
		return store.Alert{}, err
	}
	return s.DB.DismissAlert(ctx, c.Actor, alertID, reason)
}

// Alerts lists the alerts the caller may see (an alert no unit owns yet is
// seen by members of a root unit): open ones first, then by score, newest
// first among equals. The scope is applied before the limit, so a caller
// with a small scope still gets up to f.Limit alerts of their own.
func (s *Service) Alerts(ctx context.Context, c Caller, f store.AlertFilter) ([]store.Alert, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	f.Limit = 2000
	all, err := s.DB.Alerts(ctx, f)
	if err != nil {
		return nil, err
	}
	out := []store.Alert{}
	for _, a := range all {
		if c.Scope.Can(auth.Read, a.UnitID) {
			out = append(out, a)
		}
	}
	slices.SortStableFunc(out, func(a, b store.Alert) int {
		if ao, bo := a.Status == store.AlertOpen, b.Status == store.AlertOpen; ao != bo {
			if ao {
				return -1
			}
			return 1
		}
		if a.Score != b.Score {
			return cmp.Compare(b.Score, a.Score)
		}
		return b.At.Compare(a.At)
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// GetAlert reads an alert the caller may see.
func (s *Service) GetAlert(ctx context.Context, c Caller, id int64) (store.Alert, error) {
	a, err := s.DB.Alert(ctx, id)
	if err != nil {
		return a, err
	}
	if err := c.Scope.Authorize(auth.Read, a.UnitID, fmt.Sprintf("alert %d", id)); err != nil {
		return store.Alert{}, err
	}
	return a, nil
}
