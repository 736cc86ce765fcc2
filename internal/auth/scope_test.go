package auth

import (
	"testing"

	"github.com/factdesk/factdesk/internal/apperr"
)

// tree: 1 province -> 2, 3 districts; 2 -> 4 commune.
var scopeUnits = []Unit{{ID: 1}, {ID: 2, ParentID: 1}, {ID: 3, ParentID: 1}, {ID: 4, ParentID: 2}}

func TestScopeRoleFollowsTheTreeDown(t *testing.T) {
	s := NewScope(7, []Membership{{UserID: 7, UnitID: 2, Role: Editor}, {UserID: 7, UnitID: 1, Role: Viewer}}, scopeUnits)
	for unit, want := range map[int64]Role{1: Viewer, 2: Editor, 3: Viewer, 4: Editor, 0: Viewer, 99: ""} {
		if got := s.RoleIn(unit); got != want {
			t.Errorf("RoleIn(%d) = %q, want %q", unit, got, want)
		}
	}
}

func TestScopeAuthorizeMatrix(t *testing.T) {
	for _, role := range Roles {
		s := NewScope(1, []Membership{{UserID: 1, UnitID: 2, Role: role}}, scopeUnits)
		for _, a := range Actions() {
			for unit, inScope := range map[int64]bool{2: true, 4: true, 3: false, 1: false, 0: false} {
				err := s.Authorize(a, unit, "case 5")
				switch {
				case !inScope:
					if apperr.CodeOf(err) != apperr.NotFound {
						t.Errorf("%s %s in unit %d: got %v, want not found", role, a, unit, err)
					}
				case role.AtLeast(MinRole(a)):
					if err != nil {
						t.Errorf("%s %s in unit %d: got %v, want allowed", role, a, unit, err)
					}
				default:
					if apperr.CodeOf(err) != apperr.Forbidden {
						t.Errorf("%s %s in unit %d: got %v, want forbidden", role, a, unit, err)
					}
				}
			}
		}
	}
}

func TestScopeUnknownActionIsRefused(t *testing.T) {
	s := NewScope(1, []Membership{{UserID: 1, UnitID: 1, Role: Admin}}, scopeUnits)
	if err := s.Authorize("launch", 1, "x"); apperr.CodeOf(err) != apperr.Forbidden {
		t.Fatalf("unknown action: %v", err)
	}
	if got := s.Units(Read, scopeUnits); len(got) != 4 {
		t.Fatalf("admin at the root sees %v", got)
	}
}
