package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/claim/match"
	"github.com/factdesk/factdesk/internal/i18n"
)

//go:embed templates
var templateFS embed.FS

const (
	layoutFile = "templates/layout.html"
	// partials are blocks that several pages share, such as a post's
	// suggested claim.
	partials = "templates/partials/*.html"
)

// renderer holds every page parsed with the layout, once per language, so
// the template function t translates without per-request work.
type renderer struct {
	pages map[string]map[string]*template.Template // page -> lang -> template
}

// newRenderer parses templates/pages/*.html with the layout and partials.
func newRenderer(cat *i18n.Catalog, a *assets) (*renderer, error) {
	files, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("parse templates: no pages (%v)", err)
	}
	rd := &renderer{pages: map[string]map[string]*template.Template{}}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		rd.pages[name] = map[string]*template.Template{}
		for _, lang := range cat.Languages() {
			t, err := template.New(name).Funcs(templateFuncs(cat.Printer(lang), a)).ParseFS(templateFS, layoutFile, partials, f)
			if err != nil {
				return nil, fmt.Errorf("parse template %s: %w", name, err)
			}
			rd.pages[name][lang] = t
		}
	}
	return rd, nil
}

// templateFuncs are the functions templates may call: t translates, asset
// gives the hashed URL of a static file.
func templateFuncs(p i18n.Printer, a *assets) template.FuncMap {
	return template.FuncMap{
		"t":      p.T,
		"asset":  a.URL,
		"reason": func(s string) reasonText { return localReason(p, s) },
	}
}

// reasonText is a match reason worded for the page, with the language it
// is in when that is not the page's.
type reasonText struct{ Text, Lang string }

// localReason words a reason a match gave (in English, see
// match.ParseReason) in the printer's language; a text it cannot read back
// stays as it is, marked English.
func localReason(p i18n.Printer, s string) reasonText {
	if p.Lang() == i18n.English {
		return reasonText{Text: s}
	}
	r, ok := match.ParseReason(s)
	if !ok {
		return reasonText{Text: s, Lang: i18n.English}
	}
	args := make([]any, len(r.Args))
	for i, a := range r.Args {
		args[i] = a
	}
	key := "reason." + r.Code
	if out := p.T(key, args...); out != key {
		return reasonText{Text: out}
	}
	return reasonText{Text: s, Lang: i18n.English}
}

// view is the data every page gets; Data is the page's own.
type view struct {
	Lang      string
	TitleKey  string
	User      *auth.User
	Nav       []navItem
	Path      string // the current request URI, for the language switcher
	Languages []string
	Drill     string // the drill run whose workspace is shown, or ""
	Desk      bool   // the case desk is on: the header links notifications
	Unread    int    // the user's unread notifications
	Data      any
}

type navItem struct {
	Path, Key string
	Current   bool
}

// render executes page into a buffer and writes it with status, so that a
// template error becomes an error page rather than half a page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, page, titleKey string, data any) {
	lang := h.locale(r)
	t, ok := h.pages.pages[page][lang]
	if !ok {
		h.log.ErrorContext(r.Context(), "web: unknown page", "page", page, "request_id", h.reqID(r))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	v := view{
		Lang:      lang,
		TitleKey:  titleKey,
		User:      UserFrom(r.Context()),
		Path:      safeNext(r.URL.RequestURI()),
		Languages: h.cat.Languages(),
		Drill:     h.drill,
		Data:      data,
	}
	if v.User != nil {
		v.Nav = h.nav(r.URL.Path)
		v.Desk, v.Unread = h.desk != nil, h.unreadCount(r, v.User.ID)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		h.log.ErrorContext(r.Context(), "web: render page", "page", page, "request_id", h.reqID(r), "err", err)
		if page != "error" {
			h.renderError(w, r, http.StatusInternalServerError, "error.internal")
			return
		}
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	setPageHeaders(w.Header())
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// setPageHeaders marks an HTML page as private and locks down what it may load.
func setPageHeaders(hd http.Header) {
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "same-origin")
	hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
}
