package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/sourceadmin"
	"github.com/factdesk/factdesk/internal/store"
)

// ClaimsStore is what the Claims page needs from the database beyond
// Store. *store.DB satisfies it.
type ClaimsStore interface {
	// Claims lists the claims a filter selects, newest first.
	Claims(ctx context.Context, f store.ClaimFilter) ([]claim.Claim, error)
	// Claim returns a claim, or apperr NotFound.
	Claim(ctx context.Context, id int64) (claim.Claim, error)
	// UpdateClaim saves an edit; NotFound, Invalid or Conflict.
	UpdateClaim(ctx context.Context, actor string, c claim.Claim) (claim.Claim, error)
	// ClaimPosts returns the stored posts repeating a claim, latest
	// published first, and how many there are.
	ClaimPosts(ctx context.Context, claimID int64, limit, offset int) ([]store.ClaimPost, int, error)
	// Sources lists the sources that are not removed, to name them.
	Sources(ctx context.Context) ([]store.Source, error)
}

// ClaimsDeps turn the Claims placeholder into the Claims page: every
// logged-in user lists, searches and reads checked claims; editors and
// above (in any unit) edit them.
type ClaimsDeps struct {
	Store ClaimsStore
}

// claimsPageSize is how many claims one page of the list shows.
const claimsPageSize = 50

// claimsUI serves the Claims page.
type claimsUI struct {
	h     *Handler
	store ClaimsStore
}

// claimsArea builds the Claims area: its own mux under /claims, behind the
// shell's login and cross-origin checks.
func (h *Handler) claimsArea(d ClaimsDeps) (Area, error) {
	if d.Store == nil {
		return Area{}, fmt.Errorf("web: ClaimsDeps.Store is required")
	}
	ui := &claimsUI{h: h, store: d.Store}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /claims", ui.list)
	mux.HandleFunc("GET /claims/{id}", ui.show)
	mux.HandleFunc("GET /claims/{id}/edit", ui.editForm)
	mux.HandleFunc("POST /claims/{id}", ui.update)
	mux.HandleFunc("/claims/", h.notFound)
	return Area{Path: "/claims", Key: "nav.claims", Handler: mux}, nil
}

// mayEdit reports whether the logged-in user may edit claims: an editor,
// lead or admin in some unit.
func (ui *claimsUI) mayEdit(r *http.Request) (bool, error) {
	u := UserFrom(r.Context())
	if u == nil {
		return false, apperr.Errorf(apperr.Unauthorized, "not logged in")
	}
	ms, err := ui.h.store.Memberships(r.Context(), u.ID)
	if err != nil {
		return false, fmt.Errorf("claims: memberships: %w", err)
	}
	return sourceadmin.HasRole(ms, auth.Editor), nil
}

// claimFromPath loads the claim of the {id} path value; a bad id is NotFound.
func (ui *claimsUI) claimFromPath(r *http.Request) (claim.Claim, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return claim.Claim{}, apperr.Errorf(apperr.NotFound, "no such claim")
	}
	return ui.store.Claim(r.Context(), id)
}

// verdictKey is the catalogue key of a verdict's name.
func verdictKey(v claim.Verdict) string { return "claims.verdict." + string(v) }
