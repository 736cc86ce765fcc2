package casework_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/casework"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/desk"
	"github.com/factdesk/factdesk/internal/netguard"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
	"github.com/factdesk/factdesk/internal/text"
)

// org is a province with two districts (aliases with and without
// diacritics) and one user per unit and role.
type org struct {
	svc                   *casework.Service
	db                    *store.DB
	clk                   *clock.Fake
	province, hc, st      auth.Unit
	users                 map[string]casework.Caller // "province:lead", "hc:editor", ...
	postHC, postST, post0 int64
}

func newOrg(t *testing.T, db *store.DB, clk *clock.Fake) *org {
	t.Helper()
	ctx := context.Background()
	o := &org{db: db, clk: clk, users: map[string]casework.Caller{}}
	o.svc = &casework.Service{DB: db, Clock: clk, Fetch: netguard.New(netguard.Options{AllowLoopback: true})}
	var err error
	if o.province, err = db.CreateUnit(ctx, "test", auth.Unit{Name: "Tỉnh Quảng Nam", Aliases: []string{"Quang Nam"}}); err != nil {
		t.Fatal(err)
	}
	o.hc, _ = db.CreateUnit(ctx, "test", auth.Unit{ParentID: o.province.ID, Name: "Thành phố Hội An", Aliases: []string{"Hoi An", "Hội An"}})
	o.st, _ = db.CreateUnit(ctx, "test", auth.Unit{ParentID: o.province.ID, Name: "Huyện Duy Xuyên", Aliases: []string{"Duy Xuyen"}})
	for name, unit := range map[string]int64{"province": o.province.ID, "hc": o.hc.ID, "st": o.st.ID} {
		for _, role := range auth.Roles {
			u, err := db.CreateUser(ctx, "test", auth.User{Email: fmt.Sprintf("%s-%s@example.org", name, role), Name: name + " " + string(role), PasswordHash: "x"},
				&auth.Membership{UnitID: unit, Role: role})
			if err != nil {
				t.Fatal(err)
			}
			if o.users[name+":"+string(role)], err = o.svc.CallerFor(ctx, u.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	src, err := db.EnsureSource(ctx, "test", "import", "tips")
	if err != nil {
		t.Fatal(err)
	}
	posts := []post.Post{
		{SourceID: src.ID, ExternalID: "1", Text: "Nghe nói đê ở hoi an bị vỡ, nước đang tràn vào phố cổ", PublishedAt: clk.Now(), FetchedAt: clk.Now()},
		{SourceID: src.ID, ExternalID: "2", Text: "Tin đồn: cầu ở Duy Xuyên sập", PublishedAt: clk.Now(), FetchedAt: clk.Now()},
		{SourceID: src.ID, ExternalID: "3", Text: "A post that names no place", PublishedAt: clk.Now(), FetchedAt: clk.Now()},
	}
	for i := range posts {
		posts[i].ContentHash = text.ContentHash(posts[i].Text)
	}
	res, err := db.UpsertPosts(ctx, posts)
	if err != nil {
		t.Fatal(err)
	}
	o.postHC, o.postST, o.post0 = res[0].ID, res[1].ID, res[2].ID
	return o
}

func TestCaseRoutedAndScoped(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC))
	storetest.Each(t, clk, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := newOrg(t, db, clk)
		cs, err := o.svc.Create(ctx, o.users["province:analyst"], casework.NewCase{Title: "Dyke rumour", PostIDs: []int64{o.postHC}})
		if err != nil {
			t.Fatal(err)
		}
		if cs.UnitID != o.hc.ID || cs.Status != desk.New || cs.DueAt.IsZero() || len(cs.PriorityReasons) == 0 {
			t.Fatalf("case: %+v", cs)
		}
		if _, err := o.svc.Get(ctx, o.users["st:admin"], cs.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("sibling district admin: %v, want not found", err)
		}
		for _, who := range []string{"province:viewer", "hc:viewer"} {
			if _, err := o.svc.Get(ctx, o.users[who], cs.ID); err != nil {
				t.Fatalf("%s: %v", who, err)
			}
		}
		list, err := o.svc.List(ctx, o.users["st:lead"], casework.Filter{})
		if err != nil || len(list) != 0 {
			t.Fatalf("sibling list: %v %v", list, err)
		}
		if list, _ := o.svc.List(ctx, o.users["province:viewer"], casework.Filter{UnitID: o.hc.ID}); len(list) != 1 {
			t.Fatalf("province list of the district: %v", list)
		}
		other, err := o.svc.Create(ctx, o.users["province:analyst"], casework.NewCase{Title: "Bridge", PostIDs: []int64{o.postST}})
		if err != nil || other.UnitID != o.st.ID {
			t.Fatalf("second case: %+v %v", other, err)
		}
		none, err := o.svc.Create(ctx, o.users["hc:analyst"], casework.NewCase{Title: "Unplaced", PostIDs: []int64{o.post0}})
		if err != nil || none.UnitID != o.hc.ID {
			t.Fatalf("no place: falls back to the caller's unit: %+v %v", none, err)
		}
		if _, err := o.svc.Create(ctx, o.users["hc:viewer"], casework.NewCase{Title: "x"}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("viewer opens a case: %v", err)
		}
		if _, err := o.svc.Create(ctx, o.users["hc:analyst"], casework.NewCase{Title: " ", PostIDs: []int64{999999}}); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("bad case: %v", err)
		}
	})
}

func TestWorkflow(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC))
	storetest.Each(t, clk, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := newOrg(t, db, clk)
		cs, err := o.svc.Create(ctx, o.users["hc:analyst"], casework.NewCase{Title: "Dyke", PostIDs: []int64{o.postHC}})
		if err != nil {
			t.Fatal(err)
		}
		step := func(who, to string, want apperr.Code) {
			t.Helper()
			_, err := o.svc.SetStatus(ctx, o.users[who], cs.ID, to, "because")
			if got := apperr.CodeOf(err); (want == "" && err != nil) || (want != "" && got != want) {
				t.Fatalf("%s -> %s: %v, want %q", who, to, err, want)
			}
		}
		step("hc:analyst", "published", apperr.Conflict) // not a workflow move
		step("hc:viewer", "triaged", apperr.Forbidden)
		step("hc:analyst", "triaged", "")
		step("hc:analyst", "verifying", apperr.Forbidden) // editors verify
		step("hc:editor", "verifying", "")
		step("hc:editor", "responding", apperr.Conflict) // no verdict yet
		if _, err := o.svc.SetVerdict(ctx, o.users["hc:editor"], cs.ID, "wrong", ""); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("bad verdict: %v", err)
		}
		if _, err := o.svc.SetVerdict(ctx, o.users["hc:analyst"], cs.ID, "false", "the dyke is intact"); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("analyst verdict: %v", err)
		}
		if _, err := o.svc.SetVerdict(ctx, o.users["hc:editor"], cs.ID, "false", "the dyke is intact: photo of today"); err != nil {
			t.Fatal(err)
		}
		step("hc:editor", "responding", "")
		step("hc:editor", "published", apperr.Forbidden) // leads approve
		step("hc:lead", "published", "")
		step("st:lead", "closed", apperr.NotFound)
		step("hc:lead", "closed", "")
		got, _ := o.svc.Get(ctx, o.users["hc:viewer"], cs.ID)
		if got.Status != desk.Closed || got.PublishedAt.IsZero() || got.ClosedAt.IsZero() || got.Verdict != "false" {
			t.Fatalf("closed case: %+v", got)
		}
		tl, err := o.svc.Timeline(ctx, o.users["hc:viewer"], cs.ID)
		if err != nil || len(tl) != 7 {
			t.Fatalf("timeline: %d events, %v", len(tl), err)
		}
		if n, err := db.VerifyAudit(ctx); err != nil || n == 0 {
			t.Fatalf("audit: %d %v", n, err)
		}
	})
}

func TestAssignCommentEscalate(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC))
	storetest.Each(t, clk, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := newOrg(t, db, clk)
		cs, _ := o.svc.Create(ctx, o.users["hc:analyst"], casework.NewCase{Title: "Dyke", PostIDs: []int64{o.postHC}})
		editor := o.users["hc:editor"]
		if _, err := o.svc.Update(ctx, editor, cs.ID, casework.Patch{AssigneeID: &editor.UserID}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("editor assigns: %v", err)
		}
		stEditor := o.users["st:editor"].UserID
		if _, err := o.svc.Update(ctx, o.users["hc:lead"], cs.ID, casework.Patch{AssigneeID: &stEditor}); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("assign someone outside the unit: %v", err)
		}
		up, err := o.svc.Update(ctx, o.users["hc:lead"], cs.ID, casework.Patch{AssigneeID: &editor.UserID})
		if err != nil || up.AssigneeID != editor.UserID {
			t.Fatalf("assign: %+v %v", up, err)
		}
		n, _ := db.Notifications(ctx, editor.UserID, true, 10)
		if len(n) != 1 {
			t.Fatalf("assignee notifications: %v", n)
		}
		if _, err := o.svc.Comment(ctx, o.users["hc:analyst"], cs.ID, "@hc-lead@example.org please look, and @st-lead (not in scope)"); err != nil {
			t.Fatal(err)
		}
		if n, _ := db.Notifications(ctx, o.users["hc:lead"].UserID, true, 10); len(n) != 1 {
			t.Fatalf("mentioned lead: %v", n)
		}
		if n, _ := db.Notifications(ctx, o.users["st:lead"].UserID, true, 10); len(n) != 0 {
			t.Fatalf("a mention outside the case's scope notified: %v", n)
		}
		if _, err := o.svc.Comment(ctx, o.users["hc:viewer"], cs.ID, "hi"); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("viewer comments: %v", err)
		}
		sibling := o.st.ID
		if _, err := o.svc.Update(ctx, o.users["hc:lead"], cs.ID, casework.Patch{UnitID: &sibling}); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("a district lead re-routes to a sibling district: %v, want not found", err)
		}
		if moved, err := o.svc.Update(ctx, o.users["province:lead"], cs.ID, casework.Patch{UnitID: &sibling}); err != nil || moved.UnitID != sibling || moved.AssigneeID != 0 {
			t.Fatalf("province lead re-routes: %+v %v (the assignee cannot follow)", moved, err)
		}
		back := o.hc.ID
		if _, err := o.svc.Update(ctx, o.users["province:lead"], cs.ID, casework.Patch{UnitID: &back}); err != nil {
			t.Fatal(err)
		}
		esc, err := o.svc.Escalate(ctx, o.users["hc:editor"], cs.ID, "needs the province")
		if err != nil || esc.UnitID != o.province.ID {
			t.Fatalf("escalate: %+v %v", esc, err)
		}
		if n, _ := db.Notifications(ctx, o.users["province:lead"].UserID, true, 10); len(n) != 1 {
			t.Fatalf("province lead not told of the escalation: %v", n)
		}
		if _, err := o.svc.Get(ctx, o.users["hc:lead"], cs.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("escalated case still in the district's scope: %v", err)
		}
		if _, err := o.svc.Escalate(ctx, o.users["province:editor"], cs.ID, ""); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("escalate the top: %v", err)
		}
	})
}

func TestEvidence(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC))
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/missing" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<html><head><title>Thông cáo báo chí</title></head><body><p>Đê Hội An vẫn an toàn.</p><script>x()</script></body></html>")
	}))
	defer page.Close()
	storetest.Each(t, clk, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := newOrg(t, db, clk)
		cs, _ := o.svc.Create(ctx, o.users["hc:analyst"], casework.NewCase{Title: "Dyke", PostIDs: []int64{o.postHC}})
		ed := o.users["hc:editor"]
		e, err := o.svc.AddEvidence(ctx, ed, cs.ID, casework.EvidenceInput{Kind: "url", URL: page.URL + "/statement"})
		if err != nil {
			t.Fatal(err)
		}
		if e.Title != "Thông cáo báo chí" || len(e.SHA256) != 64 || e.FetchedAt.IsZero() {
			t.Fatalf("archived: %+v", e)
		}
		full, err := db.EvidenceItem(ctx, e.ID)
		if err != nil || string(full.Content) == "" || containsScript(string(full.Content)) {
			t.Fatalf("archived text: %q %v", full.Content, err)
		}
		if _, err := o.svc.AddEvidence(ctx, ed, cs.ID, casework.EvidenceInput{Kind: "url", URL: page.URL + "/missing"}); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("404 page: %v", err)
		}
		if _, err := o.svc.AddEvidence(ctx, ed, cs.ID, casework.EvidenceInput{Kind: "file", Filename: "x.exe", Content: []byte("MZ\x90\x00\x03")}); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("executable upload: %v", err)
		}
		big := make([]byte, casework.MaxUpload+1)
		if _, err := o.svc.AddEvidence(ctx, ed, cs.ID, casework.EvidenceInput{Kind: "file", Filename: "a.txt", Content: big}); apperr.CodeOf(err) != apperr.TooLarge {
			t.Fatalf("big upload: %v", err)
		}
		png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
		f, err := o.svc.AddEvidence(ctx, ed, cs.ID, casework.EvidenceInput{Kind: "file", Filename: "../../shot.png", Content: png})
		if err != nil || f.ContentType != "image/png" || f.Filename != "shot.png" {
			t.Fatalf("png: %+v %v", f, err)
		}
		if _, err := o.svc.AddEvidence(ctx, o.users["hc:analyst"], cs.ID, casework.EvidenceInput{Kind: "note", Note: "x"}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("analyst evidence: %v", err)
		}
		items, _ := db.EvidenceOf(ctx, cs.ID)
		if len(items) != 2 {
			t.Fatalf("evidence items: %d", len(items))
		}
	})
}

func containsScript(s string) bool {
	return len(s) > 0 && (contains(s, "<script") || contains(s, "x()"))
}
func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestWebhookSignedAndRetried(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC))
	storetest.Each(t, clk, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := newOrg(t, db, clk)
		var mu sync.Mutex
		var calls int
		var got []store.WebhookPayload
		recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			mu.Lock()
			defer mu.Unlock()
			calls++
			if r.Header.Get(casework.SignatureHeader) != casework.Sign("s3cret", body) {
				http.Error(w, "bad signature", http.StatusUnauthorized)
				return
			}
			if calls == 1 {
				http.Error(w, "try later", http.StatusServiceUnavailable)
				return
			}
			var p store.WebhookPayload
			_ = json.Unmarshal(body, &p)
			got = append(got, p)
		}))
		defer recv.Close()
		if _, err := db.CreateWebhook(ctx, "test", store.Webhook{UnitID: o.hc.ID, URL: recv.URL, Secret: "s3cret", Events: []string{"case.create"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateWebhook(ctx, "test", store.Webhook{UnitID: o.st.ID, URL: recv.URL + "/other", Secret: "s3cret"}); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.Create(ctx, o.users["hc:analyst"], casework.NewCase{Title: "Dyke", PostIDs: []int64{o.postHC}}); err != nil {
			t.Fatal(err)
		}
		d := &casework.Dispatcher{DB: db, Client: netguard.New(netguard.Options{AllowLoopback: true}), Clock: clk, Logger: discard()}
		if n, err := d.DeliverDue(ctx); err != nil || n != 0 {
			t.Fatalf("first attempt: %d %v", n, err)
		}
		if n, _ := d.DeliverDue(ctx); n != 0 {
			t.Fatalf("retried before its backoff")
		}
		clk.Advance(casework.Backoff(0))
		if n, err := d.DeliverDue(ctx); err != nil || n != 1 {
			t.Fatalf("retry: %d %v", n, err)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(got) != 1 || got[0].Event != "case.create" || got[0].Case.UnitID != o.hc.ID {
			t.Fatalf("received: %+v", got)
		}
		ds, _ := db.Deliveries(ctx, 10)
		if len(ds) != 1 || ds[0].Status != "delivered" || ds[0].Attempts != 2 {
			t.Fatalf("deliveries (the other district's hook must not fire): %+v", ds)
		}
	})
}
