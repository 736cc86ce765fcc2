package site

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/publish"
)

// apiItem is a publication in the public API: what the public page shows,
// never who wrote or approved it.
type apiItem struct {
	Kind          string             `json:"kind"`
	Slug          string             `json:"slug"`
	URL           string             `json:"url"`
	Status        string             `json:"status"`
	Title         string             `json:"title"`
	Summary       string             `json:"summary,omitempty"`
	Language      string             `json:"language"`
	Tags          []string           `json:"tags"`
	Unit          string             `json:"unit"`
	ClaimReviewed string             `json:"claim_reviewed,omitempty"`
	Claimant      string             `json:"claimant,omitempty"`
	ClaimDate     string             `json:"claim_date,omitempty"`
	Appearances   []string           `json:"appearances,omitempty"`
	Rating        string             `json:"rating,omitempty"`
	RatingText    string             `json:"rating_text,omitempty"`
	Citations     []publish.Citation `json:"citations"`
	Version       int                `json:"version"`
	PublishedAt   time.Time          `json:"published_at"`
	UpdatedAt     time.Time          `json:"updated_at"`
	RetractedAt   *time.Time         `json:"retracted_at,omitempty"`
	RetractReason string             `json:"retract_reason,omitempty"`
	BodyMD        string             `json:"body_md,omitempty"`
	BodyHTML      string             `json:"body_html,omitempty"`
	Versions      []apiVersion       `json:"versions,omitempty"`
}

type apiVersion struct {
	Version     int       `json:"version"`
	PublishedAt time.Time `json:"published_at"`
	ChangeNote  string    `json:"change_note,omitempty"`
	Rating      string    `json:"rating,omitempty"`
	Title       string    `json:"title"`
}

type apiList struct {
	Items  []apiItem `json:"items"`
	Total  int       `json:"total"`
	Limit  int       `json:"limit"`
	Offset int       `json:"offset"`
	Next   string    `json:"next,omitempty"`
}

func (h *Handler) apiItemOf(p publish.Publication, units map[int64]string) apiItem {
	it := apiItem{Kind: string(p.Kind), Slug: p.Slug, URL: h.base + publish.PageURL("", p), Status: string(p.Status), Title: p.Title,
		Summary: p.Summary, Language: p.Language, Tags: p.Tags, Unit: units[p.UnitID], ClaimReviewed: p.ClaimReviewed,
		Claimant: p.Claimant, ClaimDate: day(p.ClaimDate), Appearances: p.Appearances, Rating: string(p.Rating),
		RatingText: p.RatingText, Citations: p.Citations, Version: p.Version, PublishedAt: p.PublishedAt, UpdatedAt: p.UpdatedAt,
		RetractReason: p.RetractReason}
	if it.Tags == nil {
		it.Tags = []string{}
	}
	if it.Citations == nil {
		it.Citations = []publish.Citation{}
	}
	if !p.RetractedAt.IsZero() {
		t := p.RetractedAt
		it.RetractedAt = &t
	}
	return it
}

// apiList answers GET /api/public/v1/facts (or notices): filters as on the
// list page (q, rating, tag, language, unit), paging by limit (at most
// 100) and offset.
func (h *Handler) apiList(r *http.Request, kind publish.Kind) (*response, error) {
	f, _, err := filterOf(r, kind)
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	f.Limit, f.Offset = 20, 0
	if f.Limit, err = intParam(q.Get("limit"), 20, 1, 100, "limit"); err != nil {
		return nil, err
	}
	if f.Offset, err = intParam(q.Get("offset"), 0, 0, 1<<30, "offset"); err != nil {
		return nil, err
	}
	items, total, err := h.store.Publications(r.Context(), f)
	if err != nil {
		return nil, err
	}
	units, err := h.store.Units(r.Context())
	if err != nil {
		return nil, err
	}
	names := unitNames(units)
	out := apiList{Items: []apiItem{}, Total: total, Limit: f.Limit, Offset: f.Offset}
	var last time.Time
	for _, p := range items {
		out.Items = append(out.Items, h.apiItemOf(p, names))
		if p.UpdatedAt.After(last) {
			last = p.UpdatedAt
		}
	}
	if f.Offset+len(items) < total {
		q.Set("offset", strconv.Itoa(f.Offset+f.Limit))
		q.Set("limit", strconv.Itoa(f.Limit))
		out.Next = h.base + r.URL.Path + "?" + q.Encode()
	}
	return jsonResponse(out, last), nil
}

// apiItem answers GET /api/public/v1/facts/{slug}: the publication with
// its body (Markdown and safe HTML) and its versions.
func (h *Handler) apiItem(r *http.Request, kind publish.Kind) (*response, error) {
	p, err := h.public(r, kind)
	if err != nil {
		return nil, err
	}
	units, err := h.store.Units(r.Context())
	if err != nil {
		return nil, err
	}
	versions, err := h.store.PublicationVersions(r.Context(), p.ID)
	if err != nil {
		return nil, err
	}
	it := h.apiItemOf(p, unitNames(units))
	it.BodyMD, it.BodyHTML = p.BodyMD, string(publish.RenderMarkdown(p.BodyMD))
	for _, v := range versions {
		it.Versions = append(it.Versions, apiVersion{Version: v.Version, PublishedAt: v.PublishedAt, ChangeNote: v.ChangeNote,
			Rating: string(v.Snapshot.Rating), Title: v.Snapshot.Title})
	}
	return jsonResponse(it, p.UpdatedAt), nil
}

func intParam(v string, def, lo, hi int, name string) (int, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, apperr.Errorf(apperr.Invalid, "%s: want a number from %d to %d", name, lo, hi)
	}
	return n, nil
}

func jsonResponse(v any, lastMod time.Time) *response {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return problem(http.StatusInternalServerError, "internal", "internal error")
	}
	return newResponse(http.StatusOK, "application/json", append(b, '\n'), lastMod)
}

// problem is an RFC 9457 problem document.
func problem(status int, code, detail string) *response {
	b, _ := json.Marshal(map[string]any{"type": "about:blank", "title": http.StatusText(status), "status": status, "code": code, "detail": detail})
	return newResponse(status, "application/problem+json", append(b, '\n'), time.Time{})
}
