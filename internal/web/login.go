package web

import (
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
)

// loginPage is the data of the login form.
type loginPage struct {
	Email    string
	Next     string
	ErrorKey string // "login.failed", "login.rate_limited"
	WaitMins int    // for login.rate_limited
}

// loginForm handles GET /login; a logged-in user goes straight on.
func (h *Handler) loginForm(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if UserFrom(r.Context()) != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	h.render(w, r, http.StatusOK, "login", "login.title", loginPage{Next: next})
}

// login handles POST /login (form fields email and password). Wrong
// passwords and unknown e-mails get the same answer after the same work;
// failures are limited per client address and per account.
func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	email := auth.NormalizeEmail(r.PostFormValue("email"))
	page := loginPage{Email: email, Next: safeNext(r.PostFormValue("next"))}
	ipKey, acctKey := "ip:"+h.clientIP(r), "acct:"+email
	if wait, limited := h.loginLimited(ipKey, acctKey); limited {
		h.refuseLogin(w, r, page, wait)
		return
	}
	u, err := h.checkLogin(r, email, r.PostFormValue("password"))
	if err != nil {
		if !apperr.Is(err, apperr.Unauthorized) {
			h.fail(w, r, err)
			return
		}
		h.ipLimit.Fail(ipKey)
		h.acctLimit.Fail(acctKey)
		page.ErrorKey = "login.failed"
		h.render(w, r, http.StatusUnauthorized, "login", "login.title", page)
		return
	}
	h.acctLimit.Reset(acctKey)
	ctx := r.Context()
	if err := h.sessions.RenewToken(ctx); err != nil {
		h.fail(w, r, fmt.Errorf("login: renew session: %w", err))
		return
	}
	h.sessions.Put(ctx, sessionUserKey, u.ID)
	h.log.InfoContext(ctx, "web login", "user_id", u.ID, "request_id", h.reqID(r))
	http.Redirect(w, r, page.Next, http.StatusSeeOther)
}

// checkLogin returns the user whose password matches, or Unauthorized for a
// wrong password, an unknown e-mail or a disabled account alike. An unknown
// e-mail still costs one password hash, so timing does not reveal accounts.
func (h *Handler) checkLogin(r *http.Request, email, password string) (auth.User, error) {
	denied := apperr.Errorf(apperr.Unauthorized, "wrong e-mail or password")
	u, err := h.store.UserByEmail(r.Context(), email)
	if apperr.Is(err, apperr.NotFound) || (err == nil && email == "") {
		_ = auth.CheckPassword(h.dummy.get(), password)
		return auth.User{}, denied
	}
	if err != nil {
		return auth.User{}, fmt.Errorf("login: %w", err)
	}
	if err := auth.CheckPassword(u.PasswordHash, password); err != nil {
		if !errors.Is(err, auth.ErrPasswordMismatch) {
			h.log.WarnContext(r.Context(), "web login: unusable password hash", "user_id", u.ID, "err", err)
		}
		return auth.User{}, denied
	}
	if u.Disabled {
		return auth.User{}, denied
	}
	return u, nil
}

// dummyHash is a hash of a random password, made on first use so that New
// stays fast; checking a password against it costs what a real check costs.
type dummyHash struct {
	once sync.Once
	hash string
}

func (d *dummyHash) get() string {
	d.once.Do(func() {
		// HashPassword fails only when the system has no randomness; a
		// malformed hash then makes CheckPassword return at once, which
		// is the best that can be done.
		d.hash, _ = auth.HashPassword(auth.RandomPassword())
	})
	return d.hash
}

// loginLimited reports whether either key is past its limit, and how long
// until the later of them may try again.
func (h *Handler) loginLimited(ipKey, acctKey string) (time.Duration, bool) {
	okIP, waitIP := h.ipLimit.Allow(ipKey)
	okAcct, waitAcct := h.acctLimit.Allow(acctKey)
	return max(waitIP, waitAcct), !okIP || !okAcct
}

// refuseLogin answers 429 with Retry-After and the form with a message.
func (h *Handler) refuseLogin(w http.ResponseWriter, r *http.Request, page loginPage, wait time.Duration) {
	secs := max(1, int(math.Ceil(wait.Seconds())))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	page.ErrorKey = "login.rate_limited"
	page.WaitMins = max(1, (secs+59)/60)
	h.render(w, r, http.StatusTooManyRequests, "login", "login.title", page)
}

// remoteHost is the client address without its port.
func remoteHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
