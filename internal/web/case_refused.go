package web

import (
	"maps"
	"net/http"
	"slices"

	"github.com/factdesk/factdesk/internal/apperr"
)

// refusedPage is the page of a desk action refused for something the user
// can put right: it says what was wrong, in the desk's words.
type refusedPage struct {
	Status  int
	Message string   // translated
	Details []string // the desk's own words (English), one per problem
	Back    string   // where to go back to
}

// refuse answers a refused desk action. Bad input, a conflict with the
// record's state and an oversized upload name what was wrong and offer the
// way back; anything else is the usual error page (a missing or forbidden
// record says no more than that).
func (h *Handler) refuse(w http.ResponseWriter, r *http.Request, back string, err error) {
	code := apperr.CodeOf(err)
	if code != apperr.Invalid && code != apperr.Conflict && code != apperr.TooLarge {
		h.fail(w, r, err)
		return
	}
	p := refusedPage{Status: apperr.HTTPStatus(code), Message: h.cat.T(h.locale(r), "error."+string(code)), Back: back}
	fields := apperr.FieldsOf(err)
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		p.Details = append(p.Details, k+": "+fields[k])
	}
	if len(p.Details) == 0 {
		p.Details = []string{apperr.MessageOf(err)}
	}
	h.render(w, r, p.Status, "case_refused", "error.title", p)
}
