package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/store"
)

// claimsListPage is the data of the Claims list.
type claimsListPage struct {
	Query    string
	Verdicts []claimOption
	Langs    []claimOption
	Rows     []claimRow
	Prev     string // link to the previous page, "" on the first
	Next     string // link to the next page, "" on the last
	Filtered bool
}

// claimOption is one choice of a select.
type claimOption struct {
	Value, Key string
	Selected   bool
}

// claimRow is one claim in the list.
type claimRow struct {
	ID         int64
	Text       string
	Title      string
	Verdict    string
	VerdictKey string
	RatingText string
	Publisher  string
	Lang       string
	ReviewDate string
}

// claimsLangs are the languages the filter offers.
var claimsLangs = []string{"vi", "en"}

// list handles GET /claims?q=&verdict=&lang=&page=: the claims, newest
// first, searched and filtered.
func (ui *claimsUI) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.ClaimFilter{Query: strings.TrimSpace(q.Get("q")), Limit: claimsPageSize + 1}
	if v, err := claim.ParseVerdict(q.Get("verdict")); err == nil {
		f.Verdict = v
	}
	for _, l := range claimsLangs {
		if q.Get("lang") == l {
			f.Lang = l
		}
	}
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	f.Offset = (page - 1) * claimsPageSize
	list, err := ui.store.Claims(r.Context(), f)
	if err != nil {
		ui.h.fail(w, r, fmt.Errorf("claims: list: %w", err))
		return
	}
	p := claimsListPage{Query: f.Query, Filtered: f.Query != "" || f.Verdict != "" || f.Lang != ""}
	p.Verdicts = append(p.Verdicts, claimOption{Value: "", Key: "claims.any_verdict", Selected: f.Verdict == ""})
	for _, v := range claim.Verdicts {
		p.Verdicts = append(p.Verdicts, claimOption{Value: string(v), Key: verdictKey(v), Selected: v == f.Verdict})
	}
	p.Langs = append(p.Langs, claimOption{Value: "", Key: "claims.any_lang", Selected: f.Lang == ""})
	for _, l := range claimsLangs {
		p.Langs = append(p.Langs, claimOption{Value: l, Key: "locale." + l, Selected: l == f.Lang})
	}
	if len(list) > claimsPageSize {
		list = list[:claimsPageSize]
		p.Next = pageLink(f, page+1)
	}
	if page > 1 {
		p.Prev = pageLink(f, page-1)
	}
	for _, c := range list {
		p.Rows = append(p.Rows, rowOf(c))
	}
	ui.h.render(w, r, http.StatusOK, "claims", "nav.claims", p)
}

func rowOf(c claim.Claim) claimRow {
	row := claimRow{ID: c.ID, Text: c.Text, Title: c.Title, Verdict: string(c.Verdict), VerdictKey: verdictKey(c.Verdict),
		RatingText: c.RatingText, Publisher: c.Publisher, Lang: c.Lang}
	if !c.ReviewDate.IsZero() {
		row.ReviewDate = c.ReviewDate.Format("2006-01-02")
	}
	return row
}

// pageLink is the list URL of page n with the filter of f.
func pageLink(f store.ClaimFilter, n int) string {
	v := url.Values{}
	if f.Query != "" {
		v.Set("q", f.Query)
	}
	if f.Verdict != "" {
		v.Set("verdict", string(f.Verdict))
	}
	if f.Lang != "" {
		v.Set("lang", f.Lang)
	}
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	if len(v) == 0 {
		return "/claims"
	}
	return "/claims?" + v.Encode()
}
