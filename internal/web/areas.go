package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/factdesk/factdesk/internal/auth"
)

// defaultAreas are the sections of the UI in navigation order. Until a
// section is built its page says it is coming.
func defaultAreas() []Area {
	names := []string{"stories", "search", "alerts", "cases", "claims", "publish", "reports", "drills", "sources", "admin"}
	areas := make([]Area, 0, len(names))
	for _, n := range names {
		areas = append(areas, Area{Path: "/" + n, Key: "nav." + n})
	}
	return areas
}

// checkAreas refuses extra areas whose path is not a plain top-level path
// or would shadow one of the shell's own routes.
func checkAreas(extra []Area) error {
	for _, a := range extra {
		name := strings.TrimPrefix(a.Path, "/")
		ok := name != "" && a.Key != "" && !strings.ContainsAny(name, "/{}. ") &&
			!slices.Contains([]string{"login", "logout", "locale", "static"}, name)
		if !ok {
			return fmt.Errorf("web: area %q (key %q) needs a path like /cases that is not a route of the shell, and a key", a.Path, a.Key)
		}
	}
	return nil
}

// mergeAreas replaces built-in areas by extra ones with the same path and
// appends the rest.
func mergeAreas(base, extra []Area) []Area {
	out := append([]Area(nil), base...)
next:
	for _, e := range extra {
		for i := range out {
			if out[i].Path == e.Path {
				out[i] = e
				continue next
			}
		}
		out = append(out, e)
	}
	return out
}

// nav lists the dashboard and every area, marking the one at path.
func (h *Handler) nav(path string) []navItem {
	items := make([]navItem, 0, len(h.areas)+1)
	items = append(items, navItem{Path: "/", Key: "nav.dashboard", Current: path == "/"})
	for _, a := range h.areas {
		cur := path == a.Path || strings.HasPrefix(path, a.Path+"/")
		items = append(items, navItem{Path: a.Path, Key: a.Key, Current: cur})
	}
	return items
}

// areaPage is the data of a placeholder page.
type areaPage struct {
	Key  string // "nav.cases"
	Desc string // "area.cases", "" when the catalogue has none
}

// areaHandler serves an area: its own handler when it has one, else the
// placeholder.
func (h *Handler) areaHandler(a Area) http.HandlerFunc {
	return h.requireUser(func(w http.ResponseWriter, r *http.Request, _ *auth.User) {
		if a.Handler != nil {
			a.Handler.ServeHTTP(w, r)
			return
		}
		p := areaPage{Key: a.Key}
		if desc := "area." + strings.TrimPrefix(a.Key, "nav."); h.cat.Has(h.locale(r), desc) {
			p.Desc = desc
		}
		h.render(w, r, http.StatusOK, "area", a.Key, p)
	})
}
