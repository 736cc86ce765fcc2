package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/claim"
)

// claimPage is the data of one claim's page, with the edit form when asked
// for and allowed.
type claimPage struct {
	Claim   claimView
	CanEdit bool
	Form    *claimForm
	Saved   bool
	Posts   claimPosts // the posts repeating the claim (not on the edit form)
}

// claimView is a claim as the page shows it.
type claimView struct {
	claimRow
	Key         string
	Claimant    string
	ClaimDate   string
	ReviewURL   string
	Summary     string
	Appearances []string
	Evidence    []string
	Tags        []string
	Updated     string
}

// claimForm is the edit form with what the user typed.
type claimForm struct {
	Action      string
	Text        string
	Title       string
	Claimant    string
	ClaimDate   string
	Verdict     string
	Verdicts    []claimOption
	RatingText  string
	ReviewURL   string
	Publisher   string
	Lang        string
	ReviewDate  string
	Summary     string
	Appearances string // one per line
	Evidence    string // one per line
	Tags        string // comma-separated
	ErrorKey    string
	Detail      string
}

func viewOf(c claim.Claim) claimView {
	v := claimView{claimRow: rowOf(c), Key: c.Key, Claimant: c.Claimant, ClaimDate: day(c.ClaimDate), ReviewURL: c.ReviewURL,
		Summary: c.Summary, Appearances: c.Appearances, Evidence: c.Evidence, Tags: c.Tags, Updated: c.UpdatedAt.Format("2006-01-02 15:04 UTC")}
	return v
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// formOf fills the edit form from c.
func formOf(c claim.Claim) *claimForm {
	return &claimForm{Text: c.Text, Title: c.Title, Verdict: string(c.Verdict), Claimant: c.Claimant, ClaimDate: day(c.ClaimDate), RatingText: c.RatingText,
		ReviewURL: c.ReviewURL, Publisher: c.Publisher, Lang: c.Lang, ReviewDate: day(c.ReviewDate), Summary: c.Summary,
		Appearances: strings.Join(c.Appearances, "\n"), Evidence: strings.Join(c.Evidence, "\n"), Tags: strings.Join(c.Tags, ", ")}
}

// show handles GET /claims/{id}.
func (ui *claimsUI) show(w http.ResponseWriter, r *http.Request) {
	ui.page(w, r, false)
}

// editForm handles GET /claims/{id}/edit, for editors.
func (ui *claimsUI) editForm(w http.ResponseWriter, r *http.Request) {
	ui.page(w, r, true)
}

func (ui *claimsUI) page(w http.ResponseWriter, r *http.Request, edit bool) {
	canEdit, err := ui.mayEdit(r)
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	if edit && !canEdit {
		ui.h.fail(w, r, forbiddenClaims())
		return
	}
	c, err := ui.claimFromPath(r)
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	var f *claimForm
	if edit {
		f = formOf(c)
	}
	ui.render(w, r, http.StatusOK, c, canEdit, f)
}

func (ui *claimsUI) render(w http.ResponseWriter, r *http.Request, status int, c claim.Claim, canEdit bool, f *claimForm) {
	p := claimPage{Claim: viewOf(c), CanEdit: canEdit, Form: f, Saved: r.URL.Query().Get("msg") == "saved"}
	if f == nil {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		posts, err := ui.posts(r.Context(), ui.h.locale(r), c.ID, page)
		if err != nil {
			ui.h.fail(w, r, fmt.Errorf("posts of claim %d: %w", c.ID, err))
			return
		}
		p.Posts = posts
	}
	if f != nil {
		f.Action = "/claims/" + strconv.FormatInt(c.ID, 10)
		f.Verdicts = nil
		for _, v := range claim.Verdicts {
			f.Verdicts = append(f.Verdicts, claimOption{Value: string(v), Key: verdictKey(v), Selected: string(v) == f.Verdict})
		}
	}
	ui.h.render(w, r, status, "claims_claim", "claims.title", p)
}

func forbiddenClaims() error {
	return apperr.Errorf(apperr.Forbidden, "editing claims needs the editor role or above")
}

// update handles POST /claims/{id}: save the edit form, then show the claim.
func (ui *claimsUI) update(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		ui.h.fail(w, r, err)
		return
	}
	canEdit, err := ui.mayEdit(r)
	if err != nil || !canEdit {
		ui.h.fail(w, r, cmpErr(err, forbiddenClaims()))
		return
	}
	old, err := ui.claimFromPath(r)
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	f := postedClaimForm(r)
	c, err := f.claim(old)
	if err == nil {
		_, err = ui.store.UpdateClaim(r.Context(), "user:"+strconv.FormatInt(UserFrom(r.Context()).ID, 10), c)
	}
	switch {
	case err == nil:
		http.Redirect(w, r, "/claims/"+strconv.FormatInt(old.ID, 10)+"?msg=saved", http.StatusSeeOther)
	case apperr.Is(err, apperr.Invalid), apperr.Is(err, apperr.Conflict):
		f.ErrorKey, f.Detail = "error.invalid", apperr.MessageOf(err)
		ui.render(w, r, http.StatusBadRequest, old, true, f)
	default:
		ui.h.fail(w, r, err)
	}
}

// cmpErr is err when set, else def.
func cmpErr(err, def error) error {
	if err != nil {
		return err
	}
	return def
}

func postedClaimForm(r *http.Request) *claimForm {
	g := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	return &claimForm{Text: g("text"), Verdict: g("verdict"), Title: g("title"), Claimant: g("claimant"), ClaimDate: g("claim_date"), RatingText: g("rating_text"),
		ReviewURL: g("review_url"), Publisher: g("publisher"), Lang: g("lang"), ReviewDate: g("review_date"), Summary: g("summary"),
		Appearances: g("appearances"), Evidence: g("evidence"), Tags: g("tags")}
}

// claim applies the form to old; the verdict is read from the posted form.
func (f *claimForm) claim(old claim.Claim) (claim.Claim, error) {
	c := old
	c.Text, c.Title, c.Claimant, c.RatingText, c.ReviewURL = f.Text, f.Title, f.Claimant, f.RatingText, f.ReviewURL
	c.Publisher, c.Lang, c.Summary, c.Verdict = f.Publisher, f.Lang, f.Summary, claim.Verdict(f.Verdict)
	c.Appearances, c.Evidence = lines(f.Appearances), lines(f.Evidence)
	c.Tags = strings.Split(f.Tags, ",")
	var err error
	if c.ClaimDate, err = formDate("claim_date", f.ClaimDate); err != nil {
		return c, err
	}
	c.ReviewDate, err = formDate("review_date", f.ReviewDate)
	return c, err
}

func lines(s string) []string { return strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") }

func formDate(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, apperr.Errorf(apperr.Invalid, "%s: want a date like 2026-03-02", field)
	}
	return t, nil
}
