package web

import (
	"fmt"
	"net/http"
)

// sourcesListPage is the data of the Sources list.
type sourcesListPage struct {
	Rows   []sourceRow
	CanAdd bool
	MsgKey string
}

// list handles GET /sources: every source with its state and health.
func (ui *sourcesUI) list(w http.ResponseWriter, r *http.Request) {
	a, err := ui.access(r)
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	sources, err := ui.store.Sources(r.Context())
	if err != nil {
		ui.h.fail(w, r, fmt.Errorf("sources: list: %w", err))
		return
	}
	p := sourcesListPage{CanAdd: a.anyAdmin(), MsgKey: flash(r)}
	for _, s := range sources {
		p.Rows = append(p.Rows, ui.row(r, a, s))
	}
	ui.h.render(w, r, http.StatusOK, "sources", "nav.sources", p)
}
