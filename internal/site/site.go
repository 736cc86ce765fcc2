// Package site is factdesk's public website: published fact-checks and
// notices for everyone, without login and without JavaScript. It serves
// /facts and /notices (lists with search and filters, and one page per
// publication with schema.org ClaimReview JSON-LD and Open Graph meta),
// their RSS and Atom feeds, /sitemap.xml, and the public JSON API under
// /api/public/v1. Responses are rendered once and cached until a
// publication changes; every response carries an ETag and Last-Modified
// for conditional GET.
package site

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/i18n"
	"github.com/factdesk/factdesk/internal/publish"
)

// Store is what the public site reads. *store.DB satisfies it.
type Store interface {
	// Publications lists and counts what a filter selects.
	Publications(ctx context.Context, f publish.Filter) ([]publish.Publication, int, error)
	// PublicationBySlug returns a publication; apperr NotFound.
	PublicationBySlug(ctx context.Context, slug string) (publish.Publication, error)
	// PublicationVersions lists the published versions, oldest first.
	PublicationVersions(ctx context.Context, id int64) ([]publish.Version, error)
	// PublicationsChanged is the latest change of a public publication and
	// how many there are.
	PublicationsChanged(ctx context.Context) (time.Time, int, error)
	// Units lists every unit.
	Units(ctx context.Context) ([]auth.Unit, error)
}

// Deps are what New needs.
type Deps struct {
	Store   Store
	Clock   clock.Clock
	Logger  *slog.Logger // nil discards
	BaseURL string       // absolute URL of the site, for links in feeds, JSON-LD and the sitemap
	// SiteName names the publisher; empty: the first root unit's name.
	SiteName string
}

// Handler serves the public site. Make one with New.
type Handler struct {
	store    Store
	clock    clock.Clock
	log      *slog.Logger
	base     string
	siteName string
	cat      *i18n.Catalog
	pages    map[string]map[string]*pageTemplate // page -> lang -> template
	cache    *cache
	csp      string
	mux      *http.ServeMux
}

//go:embed templates/site.css
var siteCSS string

// Paths are the mount patterns of the public site, for the application's
// mux.
var Paths = []string{"/facts", "/facts/", "/facts.rss", "/facts.atom", "/notices", "/notices/", "/notices.rss", "/notices.atom", "/sitemap.xml", APIPrefix + "/"}

// APIPrefix is where the public JSON API lives.
const APIPrefix = "/api/public/v1"

// New builds the handler, parsing every template.
func New(d Deps) (*Handler, error) {
	if d.Store == nil || d.Clock == nil {
		return nil, errors.New("site: Store and Clock are required")
	}
	h := &Handler{store: d.Store, clock: d.Clock, log: d.Logger, base: strings.TrimRight(d.BaseURL, "/"), siteName: d.SiteName, cache: newCache()}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	var err error
	if h.cat, err = i18n.New(); err != nil {
		return nil, fmt.Errorf("site: %w", err)
	}
	if h.pages, err = parsePages(h.cat); err != nil {
		return nil, fmt.Errorf("site: %w", err)
	}
	sum := sha256.Sum256([]byte(siteCSS))
	h.csp = "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; img-src 'self' https:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
	h.mux = h.routes()
	return h, nil
}

// Invalidate drops the cached responses a change of p touches (its pages,
// the lists, feeds and sitemap); call it after p is published, updated or
// retracted. Changes made by other processes are noticed within 5 s.
func (h *Handler) Invalidate(p publish.Publication) { h.cache.Invalidate(p.Slug) }

// ServeHTTP serves the site.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

func (h *Handler) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /facts", h.page(func(r *http.Request, lang string) (*response, error) { return h.list(r, lang, publish.FactCheck) }))
	mux.HandleFunc("GET /notices", h.page(func(r *http.Request, lang string) (*response, error) { return h.list(r, lang, publish.Notice) }))
	mux.HandleFunc("GET /facts/{slug}", h.page(func(r *http.Request, lang string) (*response, error) { return h.item(r, lang, publish.FactCheck) }))
	mux.HandleFunc("GET /notices/{slug}", h.page(func(r *http.Request, lang string) (*response, error) { return h.item(r, lang, publish.Notice) }))
	mux.HandleFunc("GET /facts.rss", h.page(func(r *http.Request, lang string) (*response, error) {
		return h.feed(r, lang, publish.FactCheck, false)
	}))
	mux.HandleFunc("GET /facts.atom", h.page(func(r *http.Request, lang string) (*response, error) { return h.feed(r, lang, publish.FactCheck, true) }))
	mux.HandleFunc("GET /notices.rss", h.page(func(r *http.Request, lang string) (*response, error) { return h.feed(r, lang, publish.Notice, false) }))
	mux.HandleFunc("GET /notices.atom", h.page(func(r *http.Request, lang string) (*response, error) { return h.feed(r, lang, publish.Notice, true) }))
	mux.HandleFunc("GET /sitemap.xml", h.page(h.sitemap))
	for _, k := range []struct {
		path string
		kind publish.Kind
	}{{"/facts", publish.FactCheck}, {"/notices", publish.Notice}} {
		kind := k.kind
		mux.HandleFunc("GET "+APIPrefix+k.path, h.api(func(r *http.Request, _ string) (*response, error) { return h.apiList(r, kind) }))
		mux.HandleFunc("GET "+APIPrefix+k.path+"/{slug}", h.api(func(r *http.Request, _ string) (*response, error) { return h.apiItem(r, kind) }))
	}
	mux.HandleFunc("OPTIONS "+APIPrefix+"/", h.preflight)
	mux.HandleFunc(APIPrefix+"/", h.api(func(r *http.Request, _ string) (*response, error) {
		return nil, apperr.Errorf(apperr.NotFound, "There is no public API endpoint at %s.", r.URL.Path)
	}))
	return mux
}

// page wraps a renderer of public pages: language negotiation, the cache,
// conditional GET and the page headers.
func (h *Handler) page(fn func(r *http.Request, lang string) (*response, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		lang := h.locale(r)
		resp := h.cached(r, lang, fn)
		hd := w.Header()
		hd.Set("Vary", "Accept-Language, Cookie")
		hd.Set("Cache-Control", "public, max-age=60")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		hd.Set("Content-Security-Policy", h.csp)
		resp.write(w, r)
	}
}

// api wraps a public API endpoint: the cache, conditional GET and CORS.
func (h *Handler) api(fn func(r *http.Request, lang string) (*response, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		resp := h.cached(r, "", fn)
		hd := w.Header()
		cors(hd)
		hd.Set("Cache-Control", "public, max-age=60")
		hd.Set("X-Content-Type-Options", "nosniff")
		resp.write(w, r)
	}
}

func cors(hd http.Header) {
	hd.Set("Access-Control-Allow-Origin", "*")
	hd.Set("Access-Control-Expose-Headers", "ETag, Last-Modified, Link")
}

// preflight answers a CORS preflight for the public API.
func (h *Handler) preflight(w http.ResponseWriter, _ *http.Request) {
	hd := w.Header()
	cors(hd)
	hd.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
	hd.Set("Access-Control-Allow-Headers", "If-None-Match, If-Modified-Since, Accept, Accept-Language")
	hd.Set("Access-Control-Max-Age", "86400")
	hd.Set("Allow", "GET, HEAD, OPTIONS")
	w.WriteHeader(http.StatusNoContent)
}

// cached returns the response for r from the cache, rendering it on a miss.
// Errors become error responses (404 for NotFound, 400 for Invalid, 500
// otherwise, logged); they are cached too, except internal ones.
func (h *Handler) cached(r *http.Request, lang string, fn func(r *http.Request, lang string) (*response, error)) *response {
	h.cache.refresh(r.Context(), h.clock.Now(), h.stamp)
	key := lang + " " + r.URL.Path + "?" + canonicalQuery(r)
	if resp := h.cache.get(key); resp != nil {
		return resp
	}
	resp, err := fn(r, lang)
	if err != nil {
		resp = h.errorResponse(r, lang, err)
		if apperr.CodeOf(err) == apperr.Internal {
			return resp
		}
	}
	h.cache.put(key, r.PathValue("slug"), resp)
	return resp
}

func (h *Handler) stamp(ctx context.Context) (changeStamp, error) {
	last, n, err := h.store.PublicationsChanged(ctx)
	return changeStamp{last: last, n: n}, err
}

// canonicalQuery orders the query so that the same request hits the same
// cache entry, dropping empty values.
func canonicalQuery(r *http.Request) string {
	q := r.URL.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		for _, v := range q[k] {
			if v == "" {
				continue
			}
			b.WriteString(k + "=" + v + "&")
		}
	}
	return b.String()
}

// locale picks the site language: ?lang=, then the lang cookie the staff
// UI also sets, then Accept-Language, then Vietnamese.
func (h *Handler) locale(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); h.cat.Supported(l) {
		return l
	}
	if c, err := r.Cookie("lang"); err == nil && h.cat.Supported(c.Value) {
		return c.Value
	}
	if al := r.Header.Get("Accept-Language"); al != "" {
		return h.cat.Match(al)
	}
	return i18n.Default
}

// publisher names the organisation behind the site.
func (h *Handler) publisher(units []auth.Unit) string {
	if h.siteName != "" {
		return h.siteName
	}
	for _, u := range units {
		if u.ParentID == 0 {
			return u.Name
		}
	}
	return "factdesk"
}
