package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/factdesk/factdesk/internal/auth"
)

// dashboardPage is the data of the dashboard.
type dashboardPage struct {
	Memberships []membershipRow
	Areas       []navItem
}

// membershipRow is one unit the user belongs to, with its place in the tree.
type membershipRow struct {
	UnitPath string // "Tỉnh A › Xã B"
	RoleKey  string // "role.editor"
}

// dashboard handles GET /: for now, who the user is and where they work.
func (h *Handler) dashboard(w http.ResponseWriter, r *http.Request, u *auth.User) {
	ms, err := h.store.Memberships(r.Context(), u.ID)
	if err != nil {
		h.fail(w, r, fmt.Errorf("dashboard: %w", err))
		return
	}
	var rows []membershipRow
	if len(ms) > 0 {
		units, err := h.store.Units(r.Context())
		if err != nil {
			h.fail(w, r, fmt.Errorf("dashboard: %w", err))
			return
		}
		byID := make(map[int64]auth.Unit, len(units))
		for _, un := range units {
			byID[un.ID] = un
		}
		for _, m := range ms {
			rows = append(rows, membershipRow{UnitPath: unitPath(byID, m.UnitID), RoleKey: "role." + string(m.Role)})
		}
	}
	p := dashboardPage{Memberships: rows, Areas: h.nav("/")[1:]}
	h.render(w, r, http.StatusOK, "dashboard", "dashboard.title", p)
}

// unitPath names a unit with its ancestors, root first.
func unitPath(byID map[int64]auth.Unit, id int64) string {
	var names []string
	seen := map[int64]bool{}
	for id != 0 && !seen[id] {
		seen[id] = true
		un, ok := byID[id]
		if !ok {
			names = append(names, fmt.Sprintf("#%d", id))
			break
		}
		names = append(names, un.Name)
		id = un.ParentID
	}
	for i, j := 0, len(names)-1; i < j; i, j = i+1, j-1 {
		names[i], names[j] = names[j], names[i]
	}
	return strings.Join(names, " › ")
}
