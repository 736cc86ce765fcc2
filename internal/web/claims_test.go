package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/store"
)

// claimsEnv is a web handler with the Claims page, three claims, and
// logged-in clients: an editor (Vietnamese UI) and a viewer (English).
type claimsEnv struct {
	*testEnv
	ids            []int64
	editor, viewer *http.Client
}

func newClaimsEnv(t *testing.T) *claimsEnv {
	t.Helper()
	e := newEnv(t, func(d *Deps) { d.Claims = &ClaimsDeps{Store: d.Store.(*hookStore).DB} })
	ctx := context.Background()
	unit, err := e.store.CreateUnit(ctx, "test", auth.Unit{Name: "Tỉnh Lạng Sơn"})
	if err != nil {
		t.Fatal(err)
	}
	out, err := e.store.UpsertClaims(ctx, "test", []claim.Claim{
		{Text: "Uống nước chanh nóng chữa khỏi ung thư", Verdict: claim.False, RatingText: "Sai sự thật", Publisher: "Trang Kiểm Chứng",
			ReviewURL: "https://kiemchung.example.vn/nuoc-chanh", Lang: "vi", ReviewDate: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC),
			Appearances: []string{"https://social.example/p/1"}},
		{Text: "The bridge <b>collapsed</b> last night", Verdict: claim.Unproven, Lang: "en"},
		{Text: "Giá xăng tăng 50%", Verdict: claim.Misleading, Lang: "vi"},
	})
	if err != nil {
		t.Fatal(err)
	}
	ce := &claimsEnv{testEnv: e}
	for _, o := range out {
		ce.ids = append(ce.ids, o.ID)
	}
	createUser(t, e.store.DB, "editor@example.vn", "editor", "vi", &auth.Membership{UnitID: unit.ID, Role: auth.Editor})
	createUser(t, e.store.DB, "viewer@example.vn", "viewer", "en", &auth.Membership{UnitID: unit.ID, Role: auth.Analyst})
	ce.editor, ce.viewer = e.client(), e.client()
	e.mustLogin(ce.editor, "editor@example.vn")
	e.mustLogin(ce.viewer, "viewer@example.vn")
	return ce
}

func (e *claimsEnv) get(c *http.Client, path string, want int) *html.Node {
	e.t.Helper()
	resp, body := e.do(c, http.MethodGet, path, nil, nil)
	if resp.StatusCode != want {
		e.t.Fatalf("GET %s: %d, want %d\n%s", path, resp.StatusCode, want, body)
	}
	return parseHTML(e.t, body)
}

// claimRows returns the ids (data-claim-id) of the listed claims.
func claimRows(doc *html.Node) []string {
	var ids []string
	for _, tr := range findAll(doc, func(n *html.Node) bool { return n.Data == "tr" && attr(n, "data-claim-id") != "" }) {
		ids = append(ids, attr(tr, "data-claim-id"))
	}
	return ids
}

func TestClaimsList(t *testing.T) {
	e := newClaimsEnv(t)
	for _, c := range []struct {
		path string
		want int
	}{
		{"/claims", 3}, {"/claims?q=nuoc+chanh", 1}, {"/claims?q=N%C6%AF%E1%BB%9AC", 1}, {"/claims?verdict=false", 1},
		{"/claims?lang=en", 1}, {"/claims?verdict=true", 0}, {"/claims?verdict=bogus&lang=xx", 3}, {"/claims?q=50%25", 1},
	} {
		doc := e.get(e.viewer, c.path, http.StatusOK)
		if got := claimRows(doc); len(got) != c.want {
			t.Errorf("%s: %v, want %d rows", c.path, got, c.want)
		}
	}
	doc := e.get(e.editor, "/claims", http.StatusOK)
	badges := elemsByClass(doc, "verdict")
	var names []string
	for _, b := range badges {
		names = append(names, text(b))
	}
	if strings.Join(names, "|") != "Gây hiểu lầm|Chưa kiểm chứng|Sai" || pageLang(doc) != "vi" {
		t.Fatalf("badges %q, h1 %q", names, h1(doc))
	}
	// The search box keeps what was typed; the selects keep their choice.
	doc = e.get(e.viewer, "/claims?q=chanh&verdict=false", http.StatusOK)
	if attr(elemByID(doc, "claims-q"), "value") != "chanh" || len(findAll(doc, func(n *html.Node) bool { return n.Data == "option" && claimsHasAttr(n, "selected") })) != 2 {
		t.Fatalf("filters not kept")
	}
	if !strings.Contains(text(doc), "Sai sự thật") {
		t.Fatalf("rating text missing")
	}
	if got := claimRows(e.get(e.viewer, "/claims?q=zzz", http.StatusOK)); got != nil {
		t.Fatalf("no match: %v", got)
	}
}

func TestClaimShowAndEdit(t *testing.T) {
	e := newClaimsEnv(t)
	path := "/claims/" + itoa(e.ids[0])
	doc := e.get(e.viewer, path, http.StatusOK)
	if h1(doc) != "Uống nước chanh nóng chữa khỏi ung thư" || len(byAttr(doc, "a", "href", "https://social.example/p/1")) != 1 ||
		len(byAttr(doc, "a", "href", path+"/edit")) != 0 || len(byAttr(doc, "form", "action", path)) != 0 {
		t.Fatalf("viewer page:\n%s", text(doc))
	}
	// Text is escaped, not markup.
	if doc := e.get(e.viewer, "/claims/"+itoa(e.ids[1]), http.StatusOK); !strings.Contains(h1(doc), "<b>collapsed</b>") {
		t.Fatalf("h1 %q", h1(doc))
	}
	e.get(e.viewer, path+"/edit", http.StatusForbidden)
	if resp, _ := e.do(e.viewer, http.MethodPost, path, url.Values{"text": {"x"}, "verdict": {"true"}}, nil); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("viewer POST: %d", resp.StatusCode)
	}
	e.get(e.viewer, "/claims/999", http.StatusNotFound)
	e.get(e.viewer, "/claims/abc", http.StatusNotFound)

	doc = e.get(e.editor, path, http.StatusOK)
	if len(byAttr(doc, "a", "href", path+"/edit")) != 1 {
		t.Fatal("editor has no edit link")
	}
	doc = e.get(e.editor, path+"/edit", http.StatusOK)
	falseOpt := byAttr(doc, "option", "value", "false")
	if len(byAttr(doc, "form", "action", path)) != 1 || attr(elemByID(doc, "f-review-url"), "value") != "https://kiemchung.example.vn/nuoc-chanh" ||
		len(falseOpt) != 1 || !claimsHasAttr(falseOpt[0], "selected") {
		t.Fatalf("edit form:\n%s", text(doc))
	}

	values := url.Values{"text": {"Uống nước chanh nóng chữa khỏi ung thư"}, "verdict": {"misleading"}, "rating_text": {"Gây hiểu lầm"},
		"review_url": {"https://kiemchung.example.vn/nuoc-chanh"}, "lang": {"vi"}, "review_date": {"2026-03-02"},
		"evidence": {"https://who.example/cancer\r\nBộ Y tế: không có bằng chứng"}, "tags": {"Sức khỏe, ung thư"},
		"appearances": {"https://social.example/p/1"}}
	resp, _ := e.do(noFollow(e.editor), http.MethodPost, path, values, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != path+"?msg=saved" {
		t.Fatalf("save: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	got, err := e.store.Claim(context.Background(), e.ids[0])
	if err != nil || got.Verdict != claim.Misleading || len(got.Evidence) != 2 || strings.Join(got.Tags, "|") != "sức khỏe|ung thư" {
		t.Fatalf("stored %+v %v", got, err)
	}
	events, _ := e.store.AuditEvents(context.Background(), store.AuditFilter{ObjectType: "claim", ObjectID: itoa(e.ids[0])})
	if last := events[len(events)-1]; last.Action != "claim.update" || !strings.HasPrefix(last.Actor, "user:") {
		t.Fatalf("audit %+v", last)
	}
	doc = e.get(e.editor, path+"?msg=saved", http.StatusOK)
	if len(elemsByClass(doc, "notice")) != 1 || text(elemsByClass(doc, "verdict")[0]) != "Gây hiểu lầm" {
		t.Fatalf("after save:\n%s", text(doc))
	}

	values.Set("text", "")
	resp, body := e.do(e.editor, http.MethodPost, path, values, nil)
	if resp.StatusCode != http.StatusBadRequest || len(elemsByClass(parseHTML(t, body), "error-summary")) != 1 {
		t.Fatalf("empty text: %d\n%s", resp.StatusCode, body)
	}
	values.Set("text", "x")
	values.Set("claim_date", "yesterday")
	if resp, _ := e.do(e.editor, http.MethodPost, path, values, nil); resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad date: %d", resp.StatusCode)
	}
}

func claimsHasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
