// Package web is factdesk's server-rendered user interface: the login and
// logout pages, the layout with navigation and language switcher, the
// dashboard, and placeholders for the work areas to come.
//
// The application mounts a Handler at "/" beside /healthz, /readyz, /metrics
// and /api/v1, and wraps it with its request-id and logging middleware.
package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/casework"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/i18n"
)

// Store is what the web UI needs from the database. *store.DB satisfies it.
type Store interface {
	// User returns a user by id, or apperr NotFound.
	User(ctx context.Context, id int64) (auth.User, error)
	// UserByEmail returns a user by e-mail, or apperr NotFound.
	UserByEmail(ctx context.Context, email string) (auth.User, error)
	// Memberships lists a user's memberships.
	Memberships(ctx context.Context, userID int64) ([]auth.Membership, error)
	// Units lists every unit.
	Units(ctx context.Context) ([]auth.Unit, error)
	// SetLocale records a user's UI language; apperr NotFound for no such user.
	SetLocale(ctx context.Context, actor string, userID int64, locale string) error
}

// Deps are what New needs.
type Deps struct {
	Store    Store
	Sessions scs.Store // the session store, e.g. (*store.DB).Sessions()
	Clock    clock.Clock
	Logger   *slog.Logger // nil discards
	// BaseURL is the public URL of the site; an https URL makes cookies
	// Secure, and its origin is trusted for cross-origin checks.
	BaseURL string
	// RequestID returns the id the application gave the request (may be nil).
	RequestID func(*http.Request) string
	// ClientIP returns the client address used to limit logins (nil: the
	// host of RemoteAddr). Set it only when a trusted proxy sets the address.
	ClientIP func(*http.Request) string
	// Areas adds navigation areas or replaces the placeholder of a built-in
	// area with the same path.
	Areas []Area
	// Sources, when set, replaces the Sources placeholder with the Sources
	// page (see SourcesDeps).
	Sources *SourcesDeps
	// Claims, when set, replaces the Claims placeholder with the Claims
	// page (see ClaimsDeps).
	Claims *ClaimsDeps
	// Publications, when set, replaces the Publish placeholder with the
	// Publications page (see PublicationsDeps).
	Publications *PublicationsDeps
	// Stories, Alerts and Search, when set, replace the placeholders of
	// those areas with their pages (see StoriesDeps, AlertsDeps, SearchDeps).
	Stories *StoriesDeps
	Alerts  *AlertsDeps
	Search  *SearchDeps
	// Reports, when set, replaces the Reports placeholder with the Reports
	// page and puts the live situation on the dashboard (see ReportsDeps).
	Reports *ReportsDeps
	// Drills, when set, replaces the Drills placeholder with the read-only
	// list of drill runs and their scores (see DrillsDeps).
	Drills *DrillsDeps
	// Drill names the drill run this process serves the isolated workspace
	// of; every page then carries a "DRILL — not real data" banner.
	Drill string
	// Desk, when set, turns on the case desk: actions on the Alerts page,
	// the Cases board and case pages, and in-app notifications.
	Desk *casework.Service
}

// Area is a section of the UI with an entry in the navigation.
type Area struct {
	Path string // "/cases"
	Key  string // i18n key of its name, "nav.cases"
	// Handler serves GET requests for Path behind login; nil shows a
	// "coming soon" placeholder.
	Handler http.Handler
}

// Session and login settings.
const (
	sessionCookie    = "factdesk_session"
	sessionLifetime  = 12 * time.Hour
	sessionIdle      = 2 * time.Hour
	sessionUserKey   = "user_id"
	langCookie       = "lang"
	ipMaxFailures    = 10
	acctMaxFailures  = 5
	failureWindow    = 15 * time.Minute
	maxFormBodyBytes = 64 << 10
)

// Handler serves the web UI. Make one with New.
type Handler struct {
	store     Store
	clock     clock.Clock
	log       *slog.Logger
	cat       *i18n.Catalog
	sessions  *scs.SessionManager
	assets    *assets
	pages     *renderer
	areas     []Area
	requestID func(*http.Request) string
	clientIP  func(*http.Request) string
	drill     string // the drill run whose workspace this is, or ""
	desk      *casework.Service
	ipLimit   *auth.Limiter
	acctLimit *auth.Limiter
	dummy     dummyHash // checked for unknown users, so timing does not tell
	root      http.Handler

	// situations computes the dashboard's situation (nil: not wired).
	situations *situationDeps
}

// New builds the handler, parsing every template and hashing every asset so
// that a broken template fails here rather than on a request.
func New(d Deps) (*Handler, error) {
	if d.Store == nil || d.Sessions == nil || d.Clock == nil {
		return nil, errors.New("web: Store, Sessions and Clock are required")
	}
	secure, origin, err := parseBaseURL(d.BaseURL)
	if err != nil {
		return nil, err
	}
	if err := checkAreas(d.Areas); err != nil {
		return nil, err
	}
	h := &Handler{
		store:     d.Store,
		clock:     d.Clock,
		log:       d.Logger,
		requestID: d.RequestID,
		clientIP:  d.ClientIP,
		drill:     d.Drill,
		desk:      d.Desk,
		areas:     mergeAreas(defaultAreas(), d.Areas),
		ipLimit:   auth.NewLimiter(d.Clock, ipMaxFailures, failureWindow),
		acctLimit: auth.NewLimiter(d.Clock, acctMaxFailures, failureWindow),
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if d.Sources != nil {
		sources, err := h.sourcesArea(*d.Sources)
		if err != nil {
			return nil, err
		}
		h.areas = mergeAreas(h.areas, []Area{sources})
	}
	if d.Claims != nil {
		claims, err := h.claimsArea(*d.Claims)
		if err != nil {
			return nil, err
		}
		h.areas = mergeAreas(h.areas, []Area{claims})
	}
	h.areas = mergeAreas(h.areas, []Area{h.playbookArea()})
	if h.desk != nil {
		h.areas = mergeAreas(h.areas, []Area{h.casesArea()})
	}
	if d.Publications != nil {
		pubs, err := h.publicationsArea(*d.Publications)
		if err != nil {
			return nil, err
		}
		h.areas = mergeAreas(h.areas, []Area{pubs})
	}
	if err := h.addUnderstandAreas(d); err != nil {
		return nil, err
	}
	if d.Reports != nil {
		reports, err := h.reportsArea(*d.Reports)
		if err != nil {
			return nil, err
		}
		h.areas = mergeAreas(h.areas, []Area{reports})
	}
	if d.Drills != nil {
		drills, err := h.drillsArea(*d.Drills)
		if err != nil {
			return nil, err
		}
		h.areas = mergeAreas(h.areas, []Area{drills})
	}
	if h.clientIP == nil {
		h.clientIP = remoteHost
	}
	if h.cat, err = i18n.New(); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	if h.assets, err = newAssets(); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	if h.pages, err = newRenderer(h.cat, h.assets); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	h.sessions = newSessionManager(d.Sessions, secure, h.sessionError)
	csrf, err := newCrossOriginProtection(origin, h.crossOriginDenied)
	if err != nil {
		return nil, err
	}
	h.root = h.sessions.LoadAndSave(h.withUser(csrf.Handler(h.routes())))
	return h, nil
}

// ServeHTTP serves assets directly and everything else through the session,
// user and cross-origin layers.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, staticPrefix) {
		h.serveAsset(w, r)
		return
	}
	h.root.ServeHTTP(w, r)
}

// parseBaseURL reports whether cookies must be Secure and which origin to
// trust for cross-origin checks ("" when BaseURL is empty).
func parseBaseURL(base string) (secure bool, origin string, err error) {
	if base == "" {
		return false, "", nil
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return false, "", fmt.Errorf("web: BaseURL %q is not an http(s) URL", base)
	}
	return u.Scheme == "https", u.Scheme + "://" + u.Host, nil
}

func (h *Handler) reqID(r *http.Request) string {
	if h.requestID == nil {
		return ""
	}
	return h.requestID(r)
}
