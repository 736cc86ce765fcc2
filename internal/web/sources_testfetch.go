package web

import (
	"net/http"

	"github.com/factdesk/factdesk/internal/sourceadmin"
)

// test handles POST /sources/{id}/test: fetch the source once now, store
// nothing, and show its page with the first items or the error. With htmx
// only the preview section is swapped in.
func (ui *sourcesUI) test(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		ui.h.fail(w, r, err)
		return
	}
	a, s, ok := ui.manageable(w, r)
	if !ok {
		return
	}
	p, err := ui.tester.Preview(r.Context(), s, sourceadmin.PreviewItems)
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	ui.renderSource(w, r, http.StatusOK, a, s, nil, ui.previewView(ui.h.locale(r), p))
}
