package auth

import (
	"fmt"
	"slices"

	"github.com/factdesk/factdesk/internal/apperr"
)

// Action is something a caller asks to do to a record owned by a unit.
// Every request of the UI and the API is decided by Scope.Authorize on one
// of these; the table below says which role each needs.
type Action string

// The actions, grouped by the least role that may take them.
const (
	Read Action = "read" // viewer: see a record

	Triage  Action = "triage"  // analyst: accept, merge or dismiss an alert; file a tip
	Comment Action = "comment" // analyst: comment on a case
	Push    Action = "push"    // analyst: push posts to intake

	Investigate Action = "investigate" // editor: add evidence, link posts, stories and claims, move a case along
	Decide      Action = "decide"      // editor: record a verdict
	Draft       Action = "draft"       // editor: write or edit a publication, create a case

	Assign        Action = "assign"         // lead: assign, route, escalate, set priority
	Approve       Action = "approve"        // lead: approve or publish a publication
	Close         Action = "close"          // lead: close or reopen a case, retract a publication
	ManageMembers Action = "manage_members" // lead: add users and memberships in units below
	Report        Action = "report"         // lead: write report notes, schedule reports

	ManageSources Action = "manage_sources" // admin: sources and connectors
	Settings      Action = "settings"       // admin: units, webhooks, settings
)

// minRole is the authorisation table: the least role an action needs in the
// record's unit or a unit above it.
var minRole = map[Action]Role{
	Read:          Viewer,
	Triage:        Analyst,
	Comment:       Analyst,
	Push:          Analyst,
	Investigate:   Editor,
	Decide:        Editor,
	Draft:         Editor,
	Assign:        Lead,
	Approve:       Lead,
	Close:         Lead,
	ManageMembers: Lead,
	Report:        Lead,
	ManageSources: Admin,
	Settings:      Admin,
}

// Actions lists every action, for tests that walk the matrix.
func Actions() []Action {
	out := make([]Action, 0, len(minRole))
	for a := range minRole {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

// MinRole is the least role action needs; "" for an unknown action.
func MinRole(a Action) Role { return minRole[a] }

// Scope is what one user may see and do: their memberships read against
// the unit tree. A membership's role holds in its unit and every unit below
// it; where several apply, the most powerful wins.
type Scope struct {
	UserID  int64
	parents map[int64]int64
	roles   map[int64]Role // unit -> role given there directly
}

// NewScope builds the scope of userID from their memberships and all units.
func NewScope(userID int64, ms []Membership, units []Unit) Scope {
	s := Scope{UserID: userID, parents: make(map[int64]int64, len(units)), roles: map[int64]Role{}}
	for _, u := range units {
		s.parents[u.ID] = u.ParentID
	}
	for _, m := range ms {
		if m.UserID != 0 && userID != 0 && m.UserID != userID {
			continue
		}
		if m.Role.Rank() > s.roles[m.UnitID].Rank() {
			s.roles[m.UnitID] = m.Role
		}
	}
	return s
}

// RoleIn is the caller's role in unitID: the most powerful role given in
// that unit or any unit above it, or "" when none. Unit 0 stands for
// records no unit owns yet (an unrouted alert, an organisation-wide
// setting): the role there is the most powerful role held in a root unit.
func (s Scope) RoleIn(unitID int64) Role {
	var best Role
	if unitID == 0 {
		for id, r := range s.roles {
			if s.parents[id] == 0 && r.Rank() > best.Rank() {
				best = r
			}
		}
		return best
	}
	seen := map[int64]bool{}
	for id := unitID; id != 0 && !seen[id]; id = s.parents[id] {
		seen[id] = true
		if r := s.roles[id]; r.Rank() > best.Rank() {
			best = r
		}
	}
	return best
}

// Can reports whether the caller may take action on a record of unitID.
func (s Scope) Can(a Action, unitID int64) bool {
	min, ok := minRole[a]
	return ok && s.RoleIn(unitID).AtLeast(min)
}

// Authorize is factdesk's one permission rule. Outside the caller's scope a
// record does not exist, so the answer is NotFound (what names the record,
// e.g. "case 12"); inside it, an action above the caller's role is
// Forbidden. nil means allowed.
func (s Scope) Authorize(a Action, unitID int64, what string) error {
	min, ok := minRole[a]
	if !ok {
		return apperr.Errorf(apperr.Forbidden, "unknown action %q", a)
	}
	role := s.RoleIn(unitID)
	if role == "" {
		return apperr.Errorf(apperr.NotFound, "There is no %s.", what)
	}
	if !role.AtLeast(min) {
		return apperr.Errorf(apperr.Forbidden, "%s needs the %s role in this unit or above; you are %s.", describe(a), min, role)
	}
	return nil
}

// Units lists the units where the caller may take action, in the order of
// units; a list query keeps the records of these units.
func (s Scope) Units(a Action, units []Unit) []int64 {
	var out []int64
	for _, u := range units {
		if s.Can(a, u.ID) {
			out = append(out, u.ID)
		}
	}
	return out
}

// Any reports whether the caller may take action somewhere.
func (s Scope) Any(a Action) bool {
	min, ok := minRole[a]
	if !ok {
		return false
	}
	for _, r := range s.roles {
		if r.AtLeast(min) {
			return true
		}
	}
	return false
}

// Member reports whether the caller has any membership at all.
func (s Scope) Member() bool { return len(s.roles) > 0 }

func describe(a Action) string {
	switch a {
	case Read:
		return "Reading this"
	case Triage:
		return "Triage"
	case Comment:
		return "Commenting"
	case Push:
		return "Pushing posts"
	case Investigate:
		return "Working on a case"
	case Decide:
		return "Recording a verdict"
	case Draft:
		return "Drafting"
	case Assign:
		return "Assigning"
	case Approve:
		return "Approving"
	case Close:
		return "Closing"
	case ManageMembers:
		return "Managing members"
	case Report:
		return "Reports"
	case ManageSources:
		return "Managing sources"
	case Settings:
		return "Changing settings"
	}
	return fmt.Sprintf("Action %q", string(a))
}
