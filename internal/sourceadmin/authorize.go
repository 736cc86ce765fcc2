package sourceadmin

import "github.com/factdesk/factdesk/internal/auth"

// MayManage reports whether a user with memberships ms may add, change,
// test or remove a source owned by unitID: an admin of that unit or of a
// unit above it. A source with no unit (unitID 0) may be managed by an
// admin of any unit. parents maps each unit to its parent (see Parents).
func MayManage(ms []auth.Membership, parents map[int64]int64, unitID int64) bool {
	admin := map[int64]bool{}
	for _, m := range ms {
		if m.Role.AtLeast(auth.Admin) {
			admin[m.UnitID] = true
		}
	}
	if len(admin) == 0 {
		return false
	}
	if unitID == 0 {
		return true
	}
	seen := map[int64]bool{}
	for id := unitID; id != 0 && !seen[id]; id = parents[id] {
		if admin[id] {
			return true
		}
		seen[id] = true
	}
	return false
}

// HasRole reports whether ms gives at least min in some unit.
func HasRole(ms []auth.Membership, min auth.Role) bool {
	for _, m := range ms {
		if m.Role.AtLeast(min) {
			return true
		}
	}
	return false
}

// Parents maps each unit's id to its parent's (0 for a root).
func Parents(units []auth.Unit) map[int64]int64 {
	out := make(map[int64]int64, len(units))
	for _, u := range units {
		out[u.ID] = u.ParentID
	}
	return out
}

// ManageableUnits lists the units a user may put a source in, in the
// order of units.
func ManageableUnits(ms []auth.Membership, units []auth.Unit) []auth.Unit {
	parents := Parents(units)
	var out []auth.Unit
	for _, u := range units {
		if MayManage(ms, parents, u.ID) {
			out = append(out, u)
		}
	}
	return out
}
