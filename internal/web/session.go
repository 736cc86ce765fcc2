package web

import (
	"context"
	"net/http"
	"net/url"

	"github.com/alexedwards/scs/v2"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
)

// newSessionManager keeps sessions in st with a cookie that scripts cannot
// read and that other sites do not send on POST.
func newSessionManager(st scs.Store, secure bool, onError func(http.ResponseWriter, *http.Request, error)) *scs.SessionManager {
	sm := scs.New()
	sm.Store = st
	sm.Lifetime = sessionLifetime
	sm.IdleTimeout = sessionIdle
	sm.Cookie.Name = sessionCookie
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = secure
	sm.Cookie.Path = "/"
	sm.ErrorFunc = onError
	return sm
}

type userKey struct{}

// UserFrom returns the logged-in user of a request handled by the web UI, or
// nil. Area handlers use it.
func UserFrom(ctx context.Context) *auth.User {
	u, _ := ctx.Value(userKey{}).(*auth.User)
	return u
}

// withUser loads the session's user into the request context. A session
// whose user is gone or disabled is destroyed, so the request continues as
// anonymous.
func (h *Handler) withUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id := h.sessions.GetInt64(ctx, sessionUserKey)
		if id == 0 {
			next.ServeHTTP(w, r)
			return
		}
		u, err := h.store.User(ctx, id)
		switch {
		case apperr.Is(err, apperr.NotFound) || (err == nil && u.Disabled):
			if err := h.sessions.Destroy(ctx); err != nil {
				h.fail(w, r, err)
				return
			}
			next.ServeHTTP(w, r)
		case err != nil:
			h.fail(w, r, err)
		default:
			next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, userKey{}, &u)))
		}
	})
}

// requireUser sends anonymous visitors to the login page, remembering where
// they were going.
func (h *Handler) requireUser(fn func(w http.ResponseWriter, r *http.Request, u *auth.User)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u := UserFrom(r.Context())
		if u == nil {
			target := "/login"
			if next := r.URL.RequestURI(); next != "/" {
				target += "?next=" + url.QueryEscape(next)
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return
		}
		fn(w, r, u)
	}
}

// sessionError renders a failure of the session store.
func (h *Handler) sessionError(w http.ResponseWriter, r *http.Request, err error) {
	h.fail(w, r, err)
}
