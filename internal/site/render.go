package site

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/i18n"
)

//go:embed templates/*.html
var templateFS embed.FS

type pageTemplate = template.Template

// parsePages parses each page with the layout, once per language.
func parsePages(cat *i18n.Catalog) (map[string]map[string]*pageTemplate, error) {
	out := map[string]map[string]*pageTemplate{}
	for _, name := range []string{"list", "item", "error"} {
		out[name] = map[string]*pageTemplate{}
		for _, lang := range cat.Languages() {
			p := cat.Printer(lang)
			t, err := template.New(name).Funcs(template.FuncMap{
				"t":   p.T,
				"css": func() template.CSS { return template.CSS(siteCSS) }, // #nosec G203 -- our own embedded file
			}).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
			if err != nil {
				return nil, fmt.Errorf("parse template %s: %w", name, err)
			}
			out[name][lang] = t
		}
	}
	return out, nil
}

// layoutData is what every public page gets; Data is the page's own.
type layoutData struct {
	Lang      string
	Title     string
	Desc      string
	Canonical string
	OG        *openGraph
	JSONLD    template.JS
	Feeds     []feedLink
	Path      string // for the language switcher
	Section   string // "facts" or "notices", for aria-current
	Data      any
}

type openGraph struct {
	Type, Title, Description, URL, SiteName, Locale, Published, Modified string
}

type feedLink struct {
	Type, Title, Href string
}

// render executes page in lang into a response.
func (h *Handler) render(status int, page, lang string, d layoutData, lastMod time.Time) (*response, error) {
	t := h.pages[page][lang]
	if t == nil {
		t = h.pages[page][i18n.Default]
	}
	d.Lang = lang
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout", d); err != nil {
		return nil, fmt.Errorf("render %s: %w", page, err)
	}
	return newResponse(status, "text/html; charset=utf-8", b.Bytes(), lastMod), nil
}

// errorResponse renders err as a page, or as a problem document under the
// public API.
func (h *Handler) errorResponse(r *http.Request, lang string, err error) *response {
	code := apperr.CodeOf(err)
	status := apperr.HTTPStatus(code)
	if code == apperr.Internal {
		h.log.ErrorContext(r.Context(), "site: render", "path", r.URL.Path, "err", err)
	}
	if isAPI(r) {
		return problem(status, string(code), apperr.MessageOf(err))
	}
	key := "site.error.internal"
	switch code {
	case apperr.NotFound:
		key = "site.error.not_found"
	case apperr.Invalid:
		key = "site.error.invalid"
	}
	resp, rerr := h.render(status, "error", lang, layoutData{Title: h.cat.T(lang, key), Data: key}, time.Time{})
	if rerr != nil {
		h.log.ErrorContext(r.Context(), "site: render error page", "err", rerr)
		return newResponse(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("internal error\n"), time.Time{})
	}
	return resp
}
