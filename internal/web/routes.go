package web

import "net/http"

// routes is the UI's mux. Every unsafe method passes the cross-origin check
// before it gets here.
func (h *Handler) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login", h.loginForm)
	mux.HandleFunc("POST /login", h.login)
	mux.HandleFunc("POST /logout", h.logout)
	mux.HandleFunc("POST /locale", h.setLocale)
	mux.HandleFunc("GET /{$}", h.requireUser(h.dashboard))
	mux.HandleFunc("GET /dashboard", h.requireUser(h.dashboard))
	mux.HandleFunc("GET /dashboard/live", h.requireUser(h.dashboardLive))
	if h.desk != nil {
		mux.HandleFunc("GET /notifications", h.requireUser(h.notifications))
	}
	for _, a := range h.areas {
		if a.Handler == nil {
			mux.HandleFunc("GET "+a.Path, h.areaHandler(a))
			continue
		}
		mux.HandleFunc(a.Path, h.areaHandler(a))
		mux.HandleFunc(a.Path+"/", h.areaHandler(a))
	}
	mux.HandleFunc("/", h.notFound)
	return mux
}
