package api

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/publish"
)

// Publications runs the publishing workflow. *publish.Service satisfies it;
// see it for the errors of each method.
type Publications interface {
	Create(ctx context.Context, c publish.Caller, p publish.Publication) (publish.Publication, error)
	Get(ctx context.Context, c publish.Caller, id int64) (publish.Publication, error)
	List(ctx context.Context, c publish.Caller, f publish.Filter) ([]publish.Publication, int, error)
	Versions(ctx context.Context, c publish.Caller, id int64) ([]publish.Version, error)
	Edit(ctx context.Context, c publish.Caller, id int64, e publish.Edit) (publish.Publication, error)
	Submit(ctx context.Context, c publish.Caller, id int64) (publish.Publication, error)
	Approve(ctx context.Context, c publish.Caller, id int64) (publish.Publication, error)
	Publish(ctx context.Context, c publish.Caller, id int64) (publish.Publication, error)
	PublishNow(ctx context.Context, c publish.Caller, id int64) (publish.Publication, error)
	Update(ctx context.Context, c publish.Caller, id int64, e publish.Edit, note string) (publish.Publication, error)
	Retract(ctx context.Context, c publish.Caller, id int64, reason string) (publish.Publication, error)
}

// publicationJSON is a publication as the API answers it, with its public
// URL and, for one publication, its published versions.
type publicationJSON struct {
	publish.Publication
	PublicURL string            `json:"public_url,omitempty"`
	Versions  []publish.Version `json:"versions,omitempty"`
}

func (h *handler) pubJSON(p publish.Publication) publicationJSON {
	out := publicationJSON{Publication: p}
	if p.Status.Public() {
		out.PublicURL = publish.PageURL(h.pubBase, p)
	}
	return out
}

// publicationBody is the body of POST and PATCH /publications; nil fields
// are left alone by PATCH.
type publicationBody struct {
	Kind          *string             `json:"kind"`
	UnitID        *int64              `json:"unit_id"`
	CaseID        *int64              `json:"case_id"`
	Slug          *string             `json:"slug"`
	Title         *string             `json:"title"`
	Summary       *string             `json:"summary"`
	BodyMD        *string             `json:"body_md"`
	Language      *string             `json:"language"`
	Tags          *[]string           `json:"tags"`
	ClaimReviewed *string             `json:"claim_reviewed"`
	Claimant      *string             `json:"claimant"`
	ClaimDate     *string             `json:"claim_date"`
	Appearances   *[]string           `json:"appearances"`
	Rating        *string             `json:"rating"`
	RatingText    *string             `json:"rating_text"`
	Citations     *[]publish.Citation `json:"citations"`
	Publish       bool                `json:"publish"`
	ChangeNote    string              `json:"change_note"`
}

var editFields = []string{"slug", "title", "summary", "body_md", "language", "tags", "claim_reviewed", "claimant",
	"claim_date", "appearances", "rating", "rating_text", "citations"}

var createPubFields = append([]string{"kind", "unit_id", "case_id", "publish"}, editFields...)

var patchPubFields = append([]string{"change_note"}, editFields...)

// edit turns the body into a publish.Edit; a bad date or rating is Invalid.
func (b publicationBody) edit() (publish.Edit, error) {
	e := publish.Edit{Slug: b.Slug, Title: b.Title, Summary: b.Summary, BodyMD: b.BodyMD, Language: b.Language, Tags: b.Tags,
		ClaimReviewed: b.ClaimReviewed, Claimant: b.Claimant, Appearances: b.Appearances, RatingText: b.RatingText, Citations: b.Citations}
	if b.ClaimDate != nil {
		t, err := parseDay(*b.ClaimDate)
		if err != nil {
			return e, apperr.InvalidFields(map[string]string{"claim_date": err.Error()})
		}
		e.ClaimDate = &t
	}
	if b.Rating != nil {
		v := claim.Verdict("")
		if strings.TrimSpace(*b.Rating) != "" {
			var err error
			if v, err = claim.ParseVerdict(*b.Rating); err != nil {
				return e, apperr.InvalidFields(map[string]string{"rating": err.Error()})
			}
		}
		e.Rating = &v
	}
	return e, nil
}

// parseDay reads "2026-11-20" or an RFC 3339 time; "" is no date.
func parseDay(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("want a date such as 2026-11-20")
	}
	return t.UTC(), nil
}

// pubCaller is the publish caller of an API caller.
func (h *handler) pubCaller(ctx context.Context, c *caller) (publish.Caller, error) {
	units, err := h.store.Units(ctx)
	if err != nil {
		return publish.Caller{}, fmt.Errorf("units: %w", err)
	}
	return publish.NewCaller(c.user.ID, c.memberships, units), nil
}

// withPublications runs fn with the caller's publish identity, or answers
// 503 when publishing is not set up.
func (h *handler) withPublications(fn func(w http.ResponseWriter, r *http.Request, pc publish.Caller)) func(http.ResponseWriter, *http.Request, *caller) {
	return func(w http.ResponseWriter, r *http.Request, c *caller) {
		if h.pubs == nil {
			h.fail(w, r, apperr.Errorf(apperr.Unavailable, "Publishing is not available on this server."))
			return
		}
		pc, err := h.pubCaller(r.Context(), c)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		fn(w, r, pc)
	}
}

// pathID reads the {id} path value; a bad one is NotFound.
func pathID(r *http.Request, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.Errorf(apperr.NotFound, "There is no %s %q.", what, r.PathValue("id"))
	}
	return id, nil
}
