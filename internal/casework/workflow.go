package casework

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/audit"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/desk"
	"github.com/factdesk/factdesk/internal/store"
)

// Patch changes a case's fields; nil fields stay as they are.
type Patch struct {
	Title       *string `json:"title"`
	Description *string `json:"description"`
	Priority    *string `json:"priority"`    // "" returns to the computed priority
	UnitID      *int64  `json:"unit_id"`     // re-route
	AssigneeID  *int64  `json:"assignee_id"` // 0 unassigns
}

// change runs fn on the case under the caller's authority for action.
func (s *Service) change(ctx context.Context, c Caller, id int64, a auth.Action, fn func(cs *desk.Case) (store.CaseEffects, error)) (desk.Case, error) {
	return s.DB.UpdateCase(ctx, c.Actor, id, func(cs *desk.Case) (store.CaseEffects, error) {
		what := fmt.Sprintf("case %d", id)
		if err := c.Scope.Authorize(auth.Read, cs.UnitID, what); err != nil {
			return store.CaseEffects{}, err
		}
		if err := c.Scope.Authorize(a, cs.UnitID, what); err != nil {
			return store.CaseEffects{}, err
		}
		return fn(cs)
	})
}

// Update edits a case. Title and description need the editor role;
// priority, unit and assignee need the lead role.
func (s *Service) Update(ctx context.Context, c Caller, id int64, p Patch) (desk.Case, error) {
	action := auth.Investigate
	if p.Priority != nil || p.UnitID != nil || p.AssigneeID != nil {
		action = auth.Assign
	}
	bad := map[string]string{}
	if p.Title != nil {
		t := strings.TrimSpace(*p.Title)
		if t == "" || utf8.RuneCountInString(t) > MaxTitle {
			bad["title"] = fmt.Sprintf("a title of 1 to %d characters is required", MaxTitle)
		}
		p.Title = &t
	}
	if p.Description != nil && utf8.RuneCountInString(*p.Description) > MaxText {
		bad["description"] = fmt.Sprintf("at most %d characters", MaxText)
	}
	var prio desk.Priority
	if p.Priority != nil && *p.Priority != "" {
		var ok bool
		if prio, ok = desk.ParsePriority(*p.Priority); !ok {
			bad["priority"] = fmt.Sprintf("%q is not a priority (want low, normal, high or urgent)", *p.Priority)
		}
	}
	if p.UnitID != nil {
		if _, err := s.DB.Unit(ctx, *p.UnitID); err != nil {
			bad["unit_id"] = fmt.Sprintf("unit %d does not exist", *p.UnitID)
		}
	}
	if len(bad) > 0 {
		return desk.Case{}, apperr.InvalidFields(bad)
	}
	return s.change(ctx, c, id, action, func(cs *desk.Case) (store.CaseEffects, error) {
		changed := map[string]any{}
		var notify []int64
		if p.Title != nil && *p.Title != cs.Title {
			cs.Title, changed["title"] = *p.Title, *p.Title
		}
		if p.Description != nil && *p.Description != cs.Description {
			cs.Description, changed["description"] = *p.Description, true
		}
		if p.Priority != nil {
			if prio == "" {
				in, err := s.DB.CaseInputsFor(ctx, cs.PostIDs, cs.StoryIDs, cs.AlertIDs, cs.ClaimIDs)
				if err != nil {
					return store.CaseEffects{}, err
				}
				cs.Priority, cs.PriorityScore, cs.PriorityReasons = desk.Prioritise(desk.Signals{Posts: in.Posts, Sources: in.Sources, Growth: in.MaxScore, KnownFalse: in.KnownFalse})
				cs.PriorityOverride = false
			} else {
				cs.Priority, cs.PriorityOverride = prio, true
			}
			cs.DueAt = desk.DueAt(cs.Priority, cs.CreatedAt)
			changed["priority"] = string(cs.Priority)
		}
		if p.UnitID != nil && *p.UnitID != cs.UnitID {
			// Re-routing needs the lead role where the case goes too; a
			// case for a unit outside one's scope goes up by escalation.
			if err := c.Scope.Authorize(auth.Assign, *p.UnitID, fmt.Sprintf("unit %d", *p.UnitID)); err != nil {
				return store.CaseEffects{}, err
			}
			changed["unit_id"], changed["from_unit_id"] = *p.UnitID, cs.UnitID
			cs.UnitID, cs.RoutingReason = *p.UnitID, "re-assigned by "+c.Actor
			if cs.AssigneeID != 0 && s.checkAssignee(ctx, cs.AssigneeID, cs.UnitID) != nil {
				cs.AssigneeID = 0 // the assignee cannot work in the new unit
			}
		}
		if p.AssigneeID != nil && *p.AssigneeID != cs.AssigneeID {
			if *p.AssigneeID != 0 {
				if err := s.checkAssignee(ctx, *p.AssigneeID, cs.UnitID); err != nil {
					return store.CaseEffects{}, err
				}
				notify = append(notify, *p.AssigneeID)
			}
			cs.AssigneeID, changed["assignee_id"] = *p.AssigneeID, *p.AssigneeID
		}
		if len(changed) == 0 {
			return store.CaseEffects{}, apperr.Errorf(apperr.Invalid, "nothing to change")
		}
		act := "case.update"
		if _, ok := changed["assignee_id"]; ok && len(changed) == 1 {
			act = "case.assign"
		}
		if _, ok := changed["unit_id"]; ok {
			act = "case.route"
		}
		return store.CaseEffects{Action: act, Details: changed, Notify: notify,
			Message: fmt.Sprintf("Case %d assigned to you: %s", cs.ID, cs.Title)}, nil
	})
}

// SetStatus moves a case along its workflow; the move must be one the
// workflow allows and the caller's role must allow it. Moving to
// responding needs a verdict; dismissing needs a reason.
func (s *Service) SetStatus(ctx context.Context, c Caller, id int64, to, reason string) (desk.Case, error) {
	target, ok := desk.ParseStatus(to)
	if !ok {
		return desk.Case{}, apperr.InvalidFields(map[string]string{"status": fmt.Sprintf("%q is not a status (want one of %s)", to, statusNames())})
	}
	return s.DB.UpdateCase(ctx, c.Actor, id, func(cs *desk.Case) (store.CaseEffects, error) {
		what := fmt.Sprintf("case %d", id)
		if err := c.Scope.Authorize(auth.Read, cs.UnitID, what); err != nil {
			return store.CaseEffects{}, err
		}
		action, ok := desk.Transition(cs.Status, target)
		if !ok {
			var next []string
			for _, n := range desk.Next(cs.Status) {
				next = append(next, string(n))
			}
			return store.CaseEffects{}, apperr.Errorf(apperr.Conflict, "case %d is %s and cannot move to %s (it can move to: %s)",
				id, cs.Status, target, strings.Join(next, ", "))
		}
		if err := c.Scope.Authorize(action, cs.UnitID, what); err != nil {
			return store.CaseEffects{}, err
		}
		if target == desk.Responding && cs.Verdict == "" {
			return store.CaseEffects{}, apperr.Errorf(apperr.Conflict, "case %d has no verdict yet; record one before responding", id)
		}
		if target == desk.Dismissed && strings.TrimSpace(reason) == "" {
			return store.CaseEffects{}, apperr.InvalidFields(map[string]string{"reason": "say why the case is dismissed"})
		}
		now := s.Clock.Now().UTC()
		from := cs.Status
		cs.Status = target
		switch target {
		case desk.Published:
			cs.PublishedAt = now
		case desk.Closed, desk.Dismissed:
			cs.ClosedAt = now
		default:
			if from == desk.Closed || from == desk.Dismissed {
				cs.ClosedAt = time.Time{} // reopened
			}
		}
		details := map[string]any{"from": string(from), "to": string(target)}
		if reason != "" {
			details["reason"] = reason
		}
		return store.CaseEffects{Action: "case.status", Details: details, Notify: []int64{cs.AssigneeID},
			Message: fmt.Sprintf("Case %d is now %s", cs.ID, target)}, nil
	})
}

// SetVerdict records the verdict on a case and why.
func (s *Service) SetVerdict(ctx context.Context, c Caller, id int64, verdict, rationale string) (desk.Case, error) {
	verdict = strings.TrimSpace(verdict)
	bad := map[string]string{}
	if !desk.ValidVerdict(verdict) {
		bad["verdict"] = fmt.Sprintf("%q is not a verdict (want one of %s)", verdict, strings.Join(desk.Verdicts, ", "))
	}
	if strings.TrimSpace(rationale) == "" {
		bad["rationale"] = "say why: the rationale is published with the verdict"
	} else if utf8.RuneCountInString(rationale) > MaxText {
		bad["rationale"] = fmt.Sprintf("at most %d characters", MaxText)
	}
	if len(bad) > 0 {
		return desk.Case{}, apperr.InvalidFields(bad)
	}
	return s.change(ctx, c, id, auth.Decide, func(cs *desk.Case) (store.CaseEffects, error) {
		if !cs.Status.Open() && cs.Status != desk.Published {
			return store.CaseEffects{}, apperr.Errorf(apperr.Conflict, "case %d is %s; reopen it before changing the verdict", id, cs.Status)
		}
		prev := cs.Verdict
		cs.Verdict, cs.VerdictRationale, cs.VerdictAt, cs.VerdictBy = verdict, rationale, s.Clock.Now().UTC(), c.UserID
		return store.CaseEffects{Action: "case.verdict", Details: map[string]any{"verdict": verdict, "previous": prev, "rationale": rationale},
			Notify: []int64{cs.AssigneeID}, Message: fmt.Sprintf("Case %d: verdict %s", cs.ID, verdict)}, nil
	})
}

// Escalate hands a case to the unit above its own.
func (s *Service) Escalate(ctx context.Context, c Caller, id int64, reason string) (desk.Case, error) {
	return s.change(ctx, c, id, auth.Investigate, func(cs *desk.Case) (store.CaseEffects, error) {
		u, err := s.DB.Unit(ctx, cs.UnitID)
		if err != nil {
			return store.CaseEffects{}, err
		}
		if u.ParentID == 0 {
			return store.CaseEffects{}, apperr.Errorf(apperr.Conflict, "case %d is already at the top unit (%s)", id, u.Name)
		}
		from := cs.UnitID
		cs.UnitID, cs.RoutingReason = u.ParentID, "escalated from "+u.Name
		if reason != "" {
			cs.RoutingReason += ": " + reason
		}
		leads, err := s.leadsOf(ctx, u.ParentID)
		if err != nil {
			return store.CaseEffects{}, err
		}
		return store.CaseEffects{Action: "case.escalate", Details: map[string]any{"from_unit_id": from, "unit_id": u.ParentID, "reason": reason},
			Notify: leads, Message: fmt.Sprintf("Case %d escalated from %s: %s", cs.ID, u.Name, cs.Title)}, nil
	})
}

// leadsOf lists the users with the lead role or above directly in unitID.
func (s *Service) leadsOf(ctx context.Context, unitID int64) ([]int64, error) {
	ms, err := s.DB.UnitMembers(ctx, unitID)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, m := range ms {
		if m.Role.AtLeast(auth.Lead) {
			out = append(out, m.UserID)
		}
	}
	return out, nil
}

var mentionRE = regexp.MustCompile(`@([\p{L}\p{N}._%+\-]+(?:@[\p{L}\p{N}.\-]+)?)`)

// Comment adds a comment; @email or @name-without-spaces mentions of users
// who can see the case notify them.
func (s *Service) Comment(ctx context.Context, c Caller, id int64, body string) (desk.Comment, error) {
	body = strings.TrimSpace(body)
	if body == "" || utf8.RuneCountInString(body) > MaxText {
		return desk.Comment{}, apperr.InvalidFields(map[string]string{"body": fmt.Sprintf("a comment of 1 to %d characters is required", MaxText)})
	}
	cs, err := s.Get(ctx, c, id)
	if err != nil {
		return desk.Comment{}, err
	}
	if err := c.Scope.Authorize(auth.Comment, cs.UnitID, fmt.Sprintf("case %d", id)); err != nil {
		return desk.Comment{}, err
	}
	mentions, err := s.mentions(ctx, body, cs.UnitID)
	if err != nil {
		return desk.Comment{}, err
	}
	notify := append([]int64{cs.AssigneeID}, mentions...)
	notify = slices.DeleteFunc(notify, func(u int64) bool { return u == c.UserID })
	return s.DB.AddComment(ctx, c.Actor, cs, desk.Comment{AuthorID: c.UserID, Body: body, Mentions: mentions},
		store.CaseEffects{Action: "case.comment", Details: map[string]any{"mentions": mentions}, Notify: notify,
			Message: fmt.Sprintf("Case %d: a new comment mentions you or your case", cs.ID)})
}

// mentions resolves @names to users who can read cases of unitID.
func (s *Service) mentions(ctx context.Context, body string, unitID int64) ([]int64, error) {
	found := mentionRE.FindAllStringSubmatch(body, 20)
	if len(found) == 0 {
		return []int64{}, nil
	}
	users, err := s.DB.Users(ctx)
	if err != nil {
		return nil, err
	}
	out := []int64{}
	for _, m := range found {
		name := strings.ToLower(strings.TrimRight(m[1], ".,;:!?"))
		for _, u := range users {
			local, _, _ := strings.Cut(u.Email, "@")
			if name == u.Email || name == local || name == strings.ToLower(strings.ReplaceAll(u.Name, " ", "")) {
				who, err := s.CallerFor(ctx, u.ID)
				if err != nil {
					return nil, err
				}
				if who.Scope.Can(auth.Read, unitID) && !slices.Contains(out, u.ID) {
					out = append(out, u.ID)
				}
			}
		}
	}
	return out, nil
}

// Timeline is a case's record from the audit log, oldest first.
func (s *Service) Timeline(ctx context.Context, c Caller, id int64) ([]audit.Event, error) {
	if _, err := s.Get(ctx, c, id); err != nil {
		return nil, err
	}
	return s.DB.AuditEvents(ctx, store.AuditFilter{ObjectType: "case", ObjectID: strconv.FormatInt(id, 10), Limit: 1000})
}
