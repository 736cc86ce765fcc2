package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/publish"
)

// pubForm is the publication form with what the user typed.
type pubForm struct {
	Kind          string
	UnitID        int64
	CaseID        string
	Title         string
	Summary       string
	BodyMD        string
	Language      string
	Tags          string // comma-separated
	ClaimReviewed string
	Claimant      string
	ClaimDate     string
	Appearances   string // one per line
	Rating        string
	RatingText    string
	Citations     string // one per line: URL, space, title
	ChangeNote    string
}

func formOfPub(p publish.Publication) pubForm {
	f := pubForm{Kind: string(p.Kind), UnitID: p.UnitID, Title: p.Title, Summary: p.Summary, BodyMD: p.BodyMD, Language: p.Language,
		Tags: strings.Join(p.Tags, ", "), ClaimReviewed: p.ClaimReviewed, Claimant: p.Claimant, Appearances: strings.Join(p.Appearances, "\n"),
		Rating: string(p.Rating), RatingText: p.RatingText}
	if p.CaseID != 0 {
		f.CaseID = strconv.FormatInt(p.CaseID, 10)
	}
	if !p.ClaimDate.IsZero() {
		f.ClaimDate = p.ClaimDate.Format("2006-01-02")
	}
	lines := make([]string, len(p.Citations))
	for i, c := range p.Citations {
		lines[i] = strings.TrimSpace(c.URL + " " + c.Title)
	}
	f.Citations = strings.Join(lines, "\n")
	return f
}

func postedPubForm(r *http.Request) pubForm {
	g := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	unit, _ := strconv.ParseInt(g("unit_id"), 10, 64)
	return pubForm{Kind: g("kind"), UnitID: unit, CaseID: g("case_id"), Title: g("title"), Summary: g("summary"), BodyMD: r.PostFormValue("body_md"),
		Language: g("language"), Tags: g("tags"), ClaimReviewed: g("claim_reviewed"), Claimant: g("claimant"), ClaimDate: g("claim_date"),
		Appearances: g("appearances"), Rating: g("rating"), RatingText: g("rating_text"), Citations: g("citations"), ChangeNote: g("change_note")}
}

// edit is the form as a publish.Edit; a bad date is reported by field.
func (f pubForm) edit() (publish.Edit, map[string]string) {
	bad := map[string]string{}
	tags := splitList(f.Tags, ",")
	apps := splitList(f.Appearances, "\n")
	rating := claim.Verdict(f.Rating)
	var cites []publish.Citation
	for _, line := range splitList(f.Citations, "\n") {
		u, title, _ := strings.Cut(line, " ")
		cites = append(cites, publish.Citation{URL: u, Title: strings.TrimSpace(title)})
	}
	var day time.Time
	if f.ClaimDate != "" {
		t, err := time.Parse("2006-01-02", f.ClaimDate)
		if err != nil {
			bad["claim_date"] = "want a date such as 2026-11-20"
		}
		day = t
	}
	return publish.Edit{Title: &f.Title, Summary: &f.Summary, BodyMD: &f.BodyMD, Language: &f.Language, Tags: &tags,
		ClaimReviewed: &f.ClaimReviewed, Claimant: &f.Claimant, ClaimDate: &day, Appearances: &apps, Rating: &rating,
		RatingText: &f.RatingText, Citations: &cites}, bad
}

func splitList(s, sep string) []string {
	var out []string
	for _, part := range strings.Split(s, sep) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// pubPage is the data of the new, show and edit page.
type pubPage struct {
	Pub        *publish.Publication
	Form       pubForm
	Action     string
	Units      []auth.Unit
	Ratings    []claimOption
	Preview    template.HTML
	Versions   []publish.Version
	PublicURL  string
	Editable   bool
	Steps      []string // workflow buttons: submit, approve, send-back, publish
	CanRetract bool
	ErrorKey   string
	Detail     string
	Fields     map[string]string
	Saved      bool
}

func ratingOptions(sel string) []claimOption {
	out := []claimOption{{Value: "", Key: "pub.rating_none", Selected: sel == ""}}
	for _, v := range claim.Verdicts {
		out = append(out, claimOption{Value: string(v), Key: verdictKey(v), Selected: string(v) == sel})
	}
	return out
}
