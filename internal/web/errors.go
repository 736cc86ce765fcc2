package web

import (
	"net/http"

	"github.com/factdesk/factdesk/internal/apperr"
)

// errorPage is what the error template shows.
type errorPage struct {
	Status    int
	Message   string // translated; never the error text itself
	RequestID string
}

// fail renders err as a friendly, translated page with the status of its
// code. Internal errors are logged with the request id and shown only as a
// generic message with that id.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := apperr.CodeOf(err)
	if code == "" {
		code = apperr.Internal
	}
	rid := h.reqID(r)
	if code == apperr.Internal {
		h.log.ErrorContext(r.Context(), "web request failed",
			"request_id", rid, "method", r.Method, "path", r.URL.Path, "err", err)
	}
	h.renderError(w, r, apperr.HTTPStatus(code), "error."+string(code))
}

// renderError shows the error page with a message from the catalogue.
func (h *Handler) renderError(w http.ResponseWriter, r *http.Request, status int, msgKey string) {
	lang := h.locale(r)
	p := errorPage{Status: status, Message: h.cat.T(lang, msgKey), RequestID: h.reqID(r)}
	h.render(w, r, status, "error", "error.title", p)
}

// notFound is the page for unknown paths.
func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	h.renderError(w, r, http.StatusNotFound, "error.not_found")
}

// crossOriginDenied answers a state-changing request from another site.
func (h *Handler) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	h.renderError(w, r, http.StatusForbidden, "error.cross_origin")
}
