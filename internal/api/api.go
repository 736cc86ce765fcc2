// Package api is factdesk's REST API under /api/v1: JSON in and out, bearer
// tokens (Authorization: Bearer fdk_...), errors as RFC 9457 problem
// documents, and an OpenAPI 3.1 document at /api/v1/openapi.json that
// describes every route.
//
// The application mounts New's handler at "/api/v1/" beside the web UI. API
// calls are authenticated by token, never by cookie, so they need no CSRF
// protection.
package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/claim/suggest"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/intake"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/source"
	"github.com/factdesk/factdesk/internal/sourceadmin"
	"github.com/factdesk/factdesk/internal/store"
)

// Prefix is where the API is mounted.
const Prefix = "/api/v1"

// DefaultMaxBody caps a pushed body when Deps.MaxBody is zero.
const DefaultMaxBody = 20 << 20

// maxJSONBody caps the JSON body of any other call.
const maxJSONBody = 1 << 20

// Store is what the API needs from the database. *store.DB satisfies it.
type Store interface {
	// UserByToken resolves a bearer token to its user; Unauthorized for an
	// unknown, expired or revoked token or a disabled user.
	UserByToken(ctx context.Context, secret string) (auth.User, auth.Token, error)
	// Memberships lists a user's memberships.
	Memberships(ctx context.Context, userID int64) ([]auth.Membership, error)
	// Units lists every unit.
	Units(ctx context.Context) ([]auth.Unit, error)
	// Sources lists the sources that are not removed.
	Sources(ctx context.Context) ([]store.Source, error)
	// Source returns a source, removed ones included; NotFound otherwise.
	Source(ctx context.Context, id int64) (store.Source, error)
	// CreateSource adds a source; Conflict for a name in use, Invalid for
	// a unit that does not exist.
	CreateSource(ctx context.Context, actor string, s store.Source) (store.Source, error)
	// UpdateSource changes a live source; NotFound, Invalid or Conflict.
	UpdateSource(ctx context.Context, actor string, id int64, c store.SourceChanges) (store.Source, error)
	// SetSourceState pauses, resumes or removes a source; NotFound for a
	// removed one.
	SetSourceState(ctx context.Context, actor string, id int64, state string) error
	// EnsureSource returns the live source named name, creating it with
	// kind when there is none.
	EnsureSource(ctx context.Context, actor, kind, name string) (store.Source, error)
	// Claim returns a checked claim; NotFound otherwise.
	Claim(ctx context.Context, id int64) (claim.Claim, error)
	// ClaimPosts returns the stored posts repeating a claim, latest
	// published first, and how many there are.
	ClaimPosts(ctx context.Context, claimID int64, limit, offset int) ([]store.ClaimPost, int, error)
	// PostClaims returns the stored claim matches of each of the posts
	// that has any, best first.
	PostClaims(ctx context.Context, postIDs []int64) (map[int64][]store.PostClaim, error)
}

// Submitter queues posts for intake and waits for the outcome of each, in
// order. *pipeline.Pipeline satisfies it.
type Submitter interface {
	Submit(ctx context.Context, posts []post.Post, progress func(done int)) (intake.Summary, error)
}

// Deps are what New needs.
type Deps struct {
	Store     Store
	Submitter Submitter
	Clock     clock.Clock
	Logger    *slog.Logger // nil discards
	// MaxBody caps a pushed intake body (0: DefaultMaxBody).
	MaxBody int64
	// AllowPrivateSources lets source URLs name loopback, private and
	// link-local addresses.
	AllowPrivateSources bool
	// Connectors are used by test fetches, normally the watcher's (guarded
	// client, per-host limiter). A nil Client gets a guarded client that
	// follows AllowPrivateSources.
	Connectors source.Deps
	// RequestID returns the id the application gave the request (may be nil).
	RequestID func(*http.Request) string
	// Searcher serves GET /search (nil: the endpoint answers 503).
	Searcher Searcher
	// Claims, when set, gives each search hit with no stored claim match
	// the checked claim it may repeat, matched on view (see
	// suggest.Stored); nil leaves such hits without one.
	Claims suggest.Matcher
	// Situations serves GET /situation (nil: the endpoint answers 503).
	Situations SituationBuilder
	// Publications serves the publishing endpoints (nil: they answer 503).
	Publications Publications
	// PublicBaseURL is the public site's URL, for the public_url of
	// published publications.
	PublicBaseURL string
	// Desk serves the alert and case endpoints (nil: they answer 503).
	Desk Desk
}

// handler serves the API.
type handler struct {
	store      Store
	submitter  Submitter
	clock      clock.Clock
	log        *slog.Logger
	maxBody    int64
	validator  sourceadmin.Validator
	tester     *sourceadmin.Tester
	requestID  func(*http.Request) string
	searcher   Searcher
	claims     suggest.Matcher
	situations SituationBuilder
	pubs       Publications
	pubBase    string
	desk       Desk
	mux        *http.ServeMux
}

// New returns the API handler. Store, Submitter and Clock are required.
func New(d Deps) (http.Handler, error) {
	if d.Store == nil || d.Submitter == nil || d.Clock == nil {
		return nil, errors.New("api: Store, Submitter and Clock are required")
	}
	h := &handler{
		store:      d.Store,
		submitter:  d.Submitter,
		clock:      d.Clock,
		log:        d.Logger,
		maxBody:    d.MaxBody,
		validator:  sourceadmin.Validator{AllowPrivate: d.AllowPrivateSources},
		requestID:  d.RequestID,
		searcher:   d.Searcher,
		claims:     d.Claims,
		situations: d.Situations,
		pubs:       d.Publications,
		pubBase:    d.PublicBaseURL,
		desk:       d.Desk,
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if h.maxBody <= 0 {
		h.maxBody = DefaultMaxBody
	}
	conn := d.Connectors
	if conn.Client == nil {
		conn.Client = sourceadmin.DefaultDeps(d.AllowPrivateSources, d.Clock).Client
	}
	if conn.Clock == nil {
		conn.Clock = d.Clock
	}
	h.tester = sourceadmin.NewTester(conn)
	h.mux = h.routes()
	return h.mux, nil
}

func (h *handler) reqID(r *http.Request) string {
	if h.requestID == nil {
		return ""
	}
	return h.requestID(r)
}
