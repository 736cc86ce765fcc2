package api

import (
	"net/http"
	"strings"
)

// route is one endpoint. path is relative to Prefix and written as in the
// OpenAPI document ("/sources/{id}"); a test checks that the document
// describes every route and nothing else.
type route struct {
	method string
	path   string
	public bool // served without a token
	fn     func(w http.ResponseWriter, r *http.Request, c *caller)
}

// table lists every endpoint of the API.
func (h *handler) table() []route {
	return append(h.publicationRoutes(), []route{
		{method: http.MethodGet, path: "/openapi.json", public: true, fn: h.openAPI},
		{method: http.MethodGet, path: "/me", fn: h.me},
		{method: http.MethodPost, path: "/intake", fn: h.intake},
		{method: http.MethodGet, path: "/search", fn: h.searchPosts},
		{method: http.MethodGet, path: "/claims/{id}/posts", fn: h.claimPosts},
		{method: http.MethodGet, path: "/situation", fn: h.situation},
		{method: http.MethodGet, path: "/sources", fn: h.listSources},
		{method: http.MethodPost, path: "/sources", fn: h.createSource},
		{method: http.MethodGet, path: "/sources/{id}", fn: h.getSource},
		{method: http.MethodPatch, path: "/sources/{id}", fn: h.updateSource},
		{method: http.MethodDelete, path: "/sources/{id}", fn: h.deleteSource},
		{method: http.MethodPost, path: "/sources/{id}/test", fn: h.testSource},
		{method: http.MethodGet, path: "/alerts", fn: h.withDesk(h.listAlerts)},
		{method: http.MethodPost, path: "/alerts", fn: h.withDesk(h.fileTip)},
		{method: http.MethodPost, path: "/alerts/bulk", fn: h.withDesk(h.bulkAlerts)},
		{method: http.MethodGet, path: "/alerts/{id}", fn: h.withDesk(h.getAlert)},
		{method: http.MethodPost, path: "/alerts/{id}/accept", fn: h.withDesk(h.acceptAlert)},
		{method: http.MethodPost, path: "/alerts/{id}/dismiss", fn: h.withDesk(h.dismissAlert)},
		{method: http.MethodGet, path: "/cases", fn: h.withDesk(h.listCases)},
		{method: http.MethodPost, path: "/cases", fn: h.withDesk(h.createCase)},
		{method: http.MethodGet, path: "/cases/{id}", fn: h.withDesk(h.caseDo(h.getCase))},
		{method: http.MethodPatch, path: "/cases/{id}", fn: h.withDesk(h.updateCase)},
		{method: http.MethodPost, path: "/cases/{id}/links", fn: h.withDesk(h.linkCase)},
		{method: http.MethodPost, path: "/cases/{id}/status", fn: h.withDesk(h.caseStatus)},
		{method: http.MethodPost, path: "/cases/{id}/verdict", fn: h.withDesk(h.caseVerdict)},
		{method: http.MethodPost, path: "/cases/{id}/escalate", fn: h.withDesk(h.caseEscalate)},
		{method: http.MethodGet, path: "/cases/{id}/comments", fn: h.withDesk(h.listComments)},
		{method: http.MethodPost, path: "/cases/{id}/comments", fn: h.withDesk(h.addComment)},
		{method: http.MethodGet, path: "/cases/{id}/evidence", fn: h.withDesk(h.listEvidence)},
		{method: http.MethodPost, path: "/cases/{id}/evidence", fn: h.withDesk(h.addEvidence)},
		{method: http.MethodGet, path: "/cases/{id}/evidence/{eid}/content", fn: h.withDesk(h.evidenceContent)},
		{method: http.MethodGet, path: "/cases/{id}/timeline", fn: h.withDesk(h.caseTimeline)},
		{method: http.MethodGet, path: "/notifications", fn: h.withDesk(h.listNotifications)},
		{method: http.MethodPost, path: "/notifications/read", fn: h.withDesk(h.readNotifications)},
	}...)
}

// catchAll is the pattern that answers everything the table does not.
const catchAll = Prefix + "/"

// routes builds the mux: each route behind authentication unless public,
// and a catch-all that answers 404 or 405 as problem documents.
func (h *handler) routes() *http.ServeMux {
	mux := http.NewServeMux()
	for _, rt := range h.table() {
		pattern := rt.method + " " + Prefix + rt.path
		if rt.public {
			fn := rt.fn
			mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) { fn(w, r, nil) })
			continue
		}
		mux.HandleFunc(pattern, h.authenticated(rt.fn))
	}
	mux.HandleFunc(catchAll, h.unmatched)
	return mux
}

// unmatched answers a request no route takes: 405 with Allow when another
// method would match the path, else 404.
func (h *handler) unmatched(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := h.mux.Handler(probe); pattern != "" && pattern != catchAll {
			allow = append(allow, m)
		}
	}
	if len(allow) == 0 {
		h.problem(w, r, http.StatusNotFound, "not_found", "There is no API endpoint at "+r.URL.Path+".", nil)
		return
	}
	w.Header().Set("Allow", strings.Join(allow, ", "))
	h.problem(w, r, http.StatusMethodNotAllowed, "method_not_allowed",
		r.Method+" is not allowed here; use "+strings.Join(allow, " or ")+".", nil)
}
