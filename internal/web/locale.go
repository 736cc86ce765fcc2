package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/i18n"
)

// locale picks the language of a request: the logged-in user's setting, else
// the lang cookie, else the Accept-Language header, else Vietnamese.
func (h *Handler) locale(r *http.Request) string {
	if u := UserFrom(r.Context()); u != nil && h.cat.Supported(u.Locale) {
		return u.Locale
	}
	if c, err := r.Cookie(langCookie); err == nil && h.cat.Supported(c.Value) {
		return c.Value
	}
	if al := r.Header.Get("Accept-Language"); al != "" {
		return h.cat.Match(al)
	}
	return i18n.Default
}

// setLocale handles POST /locale: it saves the chosen language (form field
// lang, "vi" or "en") to the user when logged in, and always to a cookie so
// that the choice survives logout; then it goes back to next.
func (h *Handler) setLocale(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	lang := r.PostFormValue("lang")
	if !h.cat.Supported(lang) {
		h.fail(w, r, apperr.Errorf(apperr.Invalid, "unsupported language %q", lang))
		return
	}
	if u := UserFrom(r.Context()); u != nil {
		actor := "user:" + strconv.FormatInt(u.ID, 10)
		if err := h.store.SetLocale(r.Context(), actor, u.ID, lang); err != nil {
			h.fail(w, r, fmt.Errorf("set locale: %w", err))
			return
		}
	}
	http.SetCookie(w, &http.Cookie{
		Name:     langCookie,
		Value:    lang,
		Path:     "/",
		MaxAge:   365 * 24 * 3600,
		HttpOnly: true,
		Secure:   h.sessions.Cookie.Secure,
		SameSite: http.SameSiteLaxMode,
	})
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}
