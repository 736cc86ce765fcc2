package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/casework"
	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/desk"
	"github.com/factdesk/factdesk/internal/netguard"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/publish"
	"github.com/factdesk/factdesk/internal/report"
	"github.com/factdesk/factdesk/internal/search"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/text"
)

// The authorisation matrix: every route x every role x the record's unit
// seen from the caller's unit (own, a sub-unit, a sibling, the parent).
// A route with no entry here fails the test, so a new endpoint cannot ship
// without saying who may call it.

// position is where a record sits relative to the caller's unit.
type position string

const (
	own     position = "own unit"
	sub     position = "sub-unit"
	sibling position = "sibling"
	parent  position = "parent"
)

// matrixEnv is a province P with districts A and B and commune A1 under A;
// the caller has one role in A.
type matrixEnv struct {
	*testEnv
	svc      *casework.Service
	pubs     *publish.Service
	author   publish.Caller // a root editor who writes the publications the matrix acts on
	approver publish.Caller // a root lead who moves them along
	units    map[position]int64
	postID   int64
	sourceID map[position]int64
}

// request builds a concrete request against a fresh record in unit.
type request func(m *matrixEnv, unit int64) (path, body string)

type matrixRoute struct {
	min    auth.Role // least role; the caller's role in A is compared with it
	scoped bool      // the record belongs to the position's unit; outside the scope it is 404
	ok     int       // the status of an allowed call
	req    request
}

func newMatrixEnv(t *testing.T) *matrixEnv {
	m := &matrixEnv{units: map[position]int64{}, sourceID: map[position]int64{}}
	m.testEnv = newEnv(t, func(d *Deps) {
		// filled below, once the store exists
	})
	m.svc = &casework.Service{DB: m.db, Clock: m.clock, Fetch: netguard.New(netguard.Options{AllowLoopback: true})}
	m.pubs = &publish.Service{Store: m.db, BaseURL: "https://facts.example.org", Publisher: "Desk"}
	h, err := New(Deps{Publications: m.pubs, PublicBaseURL: "https://facts.example.org", Store: m.db, Submitter: storeSubmitter{m.db}, Clock: m.clock, Desk: m.svc, Situations: report.NewBuilder(m.db, m.clock), Searcher: search.New(m.db, search.Options{})})
	if err != nil {
		t.Fatal(err)
	}
	m.srv.Config.Handler = h
	p := m.unit("Tỉnh P", 0)
	a := m.unit("Huyện A", p)
	m.units = map[position]int64{parent: p, own: a, sibling: m.unit("Huyện B", p), sub: m.unit("Xã A1", a)}
	ctx := context.Background()
	src, err := m.db.EnsureSource(ctx, "test", "import", "matrix")
	if err != nil {
		t.Fatal(err)
	}
	res, err := m.db.UpsertPosts(ctx, []post.Post{{SourceID: src.ID, ExternalID: "1", Text: "a post", ContentHash: text.ContentHash("a post"), PublishedAt: t0, FetchedAt: t0}})
	if err != nil {
		t.Fatal(err)
	}
	m.postID = res[0].ID
	units, _ := m.db.Units(ctx)
	for _, u := range []struct {
		email string
		role  auth.Role
		dst   *publish.Caller
	}{{"author@matrix.example", auth.Editor, &m.author}, {"approver@matrix.example", auth.Lead, &m.approver}} {
		ms := []auth.Membership{{UnitID: p, Role: u.role}}
		usr, err := m.db.CreateUser(ctx, "test", auth.User{Email: u.email, Name: u.email, PasswordHash: "x"}, &ms[0])
		if err != nil {
			t.Fatal(err)
		}
		ms[0].UserID = usr.ID
		*u.dst = publish.NewCaller(usr.ID, ms, units)
	}
	for pos, u := range m.units {
		s, err := m.db.CreateSource(ctx, "test", store.Source{Kind: "rss", Name: "feed " + string(pos), URL: "https://" + strings.ReplaceAll(string(pos), " ", "-") + ".example/rss", UnitID: u, Every: 3600e9})
		if err != nil {
			t.Fatal(err)
		}
		m.sourceID[pos] = s.ID
	}
	return m
}

func (m *matrixEnv) newCase(unit int64, status desk.Status) desk.Case {
	m.t.Helper()
	cs, err := m.db.CreateCase(context.Background(), "test", desk.Case{Title: "case", UnitID: unit, Status: status, Priority: desk.Normal, PostIDs: []int64{m.postID}}, store.CaseEffects{})
	if err != nil {
		m.t.Fatal(err)
	}
	return cs
}

func (m *matrixEnv) newAlert(unit int64) int64 {
	m.t.Helper()
	a := []store.Alert{{Kind: "manual", Key: fmt.Sprintf("tip:%d-%d", unit, m.clock.Now().UnixNano()), UnitID: unit, BucketStart: t0, At: t0, Explanation: "tip"}}
	m.clock.Advance(1)
	if _, err := m.db.InsertAlerts(context.Background(), a); err != nil {
		m.t.Fatal(err)
	}
	return a[0].ID
}

func caseReq(status desk.Status, suffix, body string) request {
	return func(m *matrixEnv, unit int64) (string, string) {
		return fmt.Sprintf("/cases/%d%s", m.newCase(unit, status).ID, suffix), body
	}
}

func alertReq(suffix, body string) request {
	return func(m *matrixEnv, unit int64) (string, string) {
		return fmt.Sprintf("/alerts/%d%s", m.newAlert(unit), suffix), body
	}
}

func fixed(path, body string) request {
	return func(*matrixEnv, int64) (string, string) { return path, body }
}

func sourceReq(suffix, body string) request {
	return func(m *matrixEnv, unit int64) (string, string) {
		for pos, u := range m.units {
			if u == unit {
				s, err := m.db.CreateSource(context.Background(), "test", store.Source{Kind: "rss", Name: fmt.Sprintf("f%d", m.clock.Now().UnixNano()),
					URL: fmt.Sprintf("https://%d.example/rss", m.clock.Now().UnixNano()), UnitID: u, Every: 3600e9})
				m.clock.Advance(1)
				if err != nil {
					m.t.Fatalf("source in %s: %v", pos, err)
				}
				return fmt.Sprintf("/sources/%d%s", s.ID, suffix), body
			}
		}
		return "", ""
	}
}

func evidenceReq(m *matrixEnv, unit int64) (string, string) {
	cs := m.newCase(unit, desk.New)
	e, err := m.db.AddEvidence(context.Background(), "test", cs, desk.Evidence{Kind: "file", Content: []byte("hello"), ContentType: "text/plain", Filename: "a.txt"}, store.CaseEffects{Action: "case.evidence"})
	if err != nil {
		m.t.Fatal(err)
	}
	return fmt.Sprintf("/cases/%d/evidence/%d/content", cs.ID, e.ID), ""
}

// pubReq makes a fact-check in unit, brings it to status, and names it.
func pubReq(status publish.Status, suffix, body string) request {
	return func(m *matrixEnv, unit int64) (string, string) {
		ctx := context.Background()
		p, err := m.pubs.Create(ctx, m.author, publish.Publication{Kind: publish.FactCheck, UnitID: unit, Title: "Đập không vỡ",
			Summary: "s", BodyMD: "b", Language: "vi", ClaimReviewed: "Đập sắp vỡ", Claimant: "a post", Rating: "false",
			Appearances: []string{"https://social.example/p/1"}, Citations: []publish.Citation{{URL: "https://evn.example.vn/tb/1"}}})
		steps := map[publish.Status][]func() (publish.Publication, error){
			publish.InReview:  {func() (publish.Publication, error) { return m.pubs.Submit(ctx, m.author, p.ID) }},
			publish.Approved:  {func() (publish.Publication, error) { return m.pubs.Approve(ctx, m.approver, p.ID) }},
			publish.Published: {func() (publish.Publication, error) { return m.pubs.Publish(ctx, m.approver, p.ID) }},
		}
		for _, st := range []publish.Status{publish.InReview, publish.Approved, publish.Published} {
			if err != nil || status == publish.Draft {
				break
			}
			_, err = steps[st][0]()
			if st == status {
				break
			}
		}
		if err != nil {
			m.t.Fatalf("publication in unit %d at %s: %v", unit, status, err)
		}
		return fmt.Sprintf("/publications/%d%s", p.ID, suffix), body
	}
}

// claimPostsReq names the posts of a claim of the library, which every
// caller reads (claims and posts belong to no unit).
func claimPostsReq(m *matrixEnv, _ int64) (string, string) {
	out, err := m.db.UpsertClaims(context.Background(), "test", []claim.Claim{{Text: "Đập thủy điện sắp vỡ", Verdict: claim.False, Lang: "vi"}})
	if err != nil {
		m.t.Fatal(err)
	}
	if _, err := m.db.SaveClaimMatches(context.Background(), []store.ClaimMatch{{PostID: m.postID, ClaimID: out[0].ID, Score: 0.9}}); err != nil {
		m.t.Fatal(err)
	}
	return fmt.Sprintf("/claims/%d/posts", out[0].ID), ""
}

// matrix lists every non-public route: "METHOD /path" as in the route table.
func matrix() map[string][]matrixRoute {
	withUnit := func(path, body string) request {
		return func(m *matrixEnv, unit int64) (string, string) { return path, fmt.Sprintf(body, unit) }
	}
	return map[string][]matrixRoute{
		"GET /me":                {{min: auth.Viewer, ok: 200, req: fixed("/me", "")}},
		"POST /intake":           {{min: auth.Analyst, ok: 200, req: fixed("/intake?source=matrix-push", `[{"text":"x","published_at":"2026-03-02T09:00:00Z"}]`)}},
		"GET /search":            {{min: auth.Viewer, ok: 200, req: fixed("/search?q=post", "")}},
		"GET /claims/{id}/posts": {{min: auth.Viewer, ok: 200, req: claimPostsReq}},
		"GET /situation": {{min: auth.Viewer, scoped: true, ok: 200, req: func(_ *matrixEnv, unit int64) (string, string) {
			return fmt.Sprintf("/situation?unit_id=%d", unit), ""
		}}},
		"GET /sources": {{min: auth.Viewer, ok: 200, req: fixed("/sources", "")}},
		"POST /sources": {{min: auth.Admin, scoped: true, ok: 201, req: func(m *matrixEnv, unit int64) (string, string) {
			m.clock.Advance(1)
			return "/sources", fmt.Sprintf(`{"kind":"rss","url":"https://n%d.example/rss","unit_id":%d}`, m.clock.Now().UnixNano(), unit)
		}}},
		"GET /sources/{id}":         {{min: auth.Viewer, scoped: true, ok: 200, req: sourceReq("", "")}},
		"PATCH /sources/{id}":       {{min: auth.Admin, scoped: true, ok: 200, req: sourceReq("", `{"state":"paused"}`)}},
		"DELETE /sources/{id}":      {{min: auth.Admin, scoped: true, ok: 204, req: sourceReq("", "")}},
		"POST /sources/{id}/test":   {{min: auth.Admin, scoped: true, ok: 200, req: sourceReq("/test", "")}},
		"GET /alerts":               {{min: auth.Viewer, ok: 200, req: fixed("/alerts", "")}},
		"POST /alerts":              {{min: auth.Analyst, scoped: true, ok: 201, req: withUnit("/alerts", `{"text":"seen this","unit_id":%d}`)}},
		"POST /alerts/bulk":         {{min: auth.Viewer, ok: 200, req: fixed("/alerts/bulk", `{"action":"dismiss","ids":[999999],"reason":"r"}`)}},
		"GET /alerts/{id}":          {{min: auth.Viewer, scoped: true, ok: 200, req: alertReq("", "")}},
		"POST /alerts/{id}/accept":  {{min: auth.Analyst, scoped: true, ok: 201, req: alertReq("/accept", "")}},
		"POST /alerts/{id}/dismiss": {{min: auth.Analyst, scoped: true, ok: 200, req: alertReq("/dismiss", `{"reason":"noise"}`)}},
		"GET /cases":                {{min: auth.Viewer, ok: 200, req: fixed("/cases", "")}},
		"POST /cases":               {{min: auth.Analyst, scoped: true, ok: 201, req: withUnit("/cases", `{"title":"t","unit_id":%d}`)}},
		"GET /cases/{id}":           {{min: auth.Viewer, scoped: true, ok: 200, req: caseReq(desk.New, "", "")}},
		"PATCH /cases/{id}": {
			{min: auth.Editor, scoped: true, ok: 200, req: caseReq(desk.New, "", `{"title":"new title"}`)},
			{min: auth.Lead, scoped: true, ok: 200, req: caseReq(desk.New, "", `{"priority":"urgent"}`)},
		},
		"POST /cases/{id}/links": {{min: auth.Editor, scoped: true, ok: 200, req: func(m *matrixEnv, unit int64) (string, string) {
			return fmt.Sprintf("/cases/%d/links", m.newCase(unit, desk.New).ID), fmt.Sprintf(`{"post_ids":[%d]}`, m.postID)
		}}},
		"POST /cases/{id}/status": {
			{min: auth.Analyst, scoped: true, ok: 200, req: caseReq(desk.New, "/status", `{"status":"triaged"}`)},
			{min: auth.Editor, scoped: true, ok: 200, req: caseReq(desk.Triaged, "/status", `{"status":"verifying"}`)},
			{min: auth.Lead, scoped: true, ok: 200, req: caseReq(desk.Verifying, "/status", `{"status":"dismissed","reason":"duplicate"}`)},
			{min: auth.Lead, scoped: true, ok: 200, req: caseReq(desk.Published, "/status", `{"status":"closed"}`)},
		},
		"POST /cases/{id}/verdict":               {{min: auth.Editor, scoped: true, ok: 200, req: caseReq(desk.Verifying, "/verdict", `{"verdict":"false","rationale":"r"}`)}},
		"POST /cases/{id}/escalate":              {{min: auth.Editor, scoped: true, ok: 200, req: caseReq(desk.New, "/escalate", "")}},
		"GET /cases/{id}/comments":               {{min: auth.Viewer, scoped: true, ok: 200, req: caseReq(desk.New, "/comments", "")}},
		"POST /cases/{id}/comments":              {{min: auth.Analyst, scoped: true, ok: 201, req: caseReq(desk.New, "/comments", `{"body":"hello"}`)}},
		"GET /cases/{id}/evidence":               {{min: auth.Viewer, scoped: true, ok: 200, req: caseReq(desk.New, "/evidence", "")}},
		"POST /cases/{id}/evidence":              {{min: auth.Editor, scoped: true, ok: 201, req: caseReq(desk.New, "/evidence", `{"kind":"note","note":"seen"}`)}},
		"GET /cases/{id}/evidence/{eid}/content": {{min: auth.Viewer, scoped: true, ok: 200, req: evidenceReq}},
		"GET /cases/{id}/timeline":               {{min: auth.Viewer, scoped: true, ok: 200, req: caseReq(desk.New, "/timeline", "")}},
		"GET /publications":                      {{min: auth.Viewer, ok: 200, req: fixed("/publications", "")}},
		"POST /publications": {{min: auth.Editor, scoped: true, ok: 201, req: withUnit("/publications",
			`{"kind":"notice","unit_id":%d,"title":"Thông báo","summary":"s","body_md":"b","language":"vi"}`)}},
		"GET /publications/{id}":          {{min: auth.Viewer, scoped: true, ok: 200, req: pubReq(publish.Draft, "", "")}},
		"PATCH /publications/{id}":        {{min: auth.Editor, scoped: true, ok: 200, req: pubReq(publish.Draft, "", `{"title":"Tiêu đề mới"}`)}},
		"POST /publications/{id}/submit":  {{min: auth.Editor, scoped: true, ok: 200, req: pubReq(publish.Draft, "/submit", "")}},
		"POST /publications/{id}/approve": {{min: auth.Lead, scoped: true, ok: 200, req: pubReq(publish.InReview, "/approve", "")}},
		"POST /publications/{id}/publish": {{min: auth.Lead, scoped: true, ok: 200, req: pubReq(publish.Approved, "/publish", "")}},
		"POST /publications/{id}/retract": {{min: auth.Lead, scoped: true, ok: 200, req: pubReq(publish.Published, "/retract", `{"reason":"wrong"}`)}},
		"GET /notifications":              {{min: auth.Viewer, ok: 200, req: fixed("/notifications", "")}},
		"POST /notifications/read":        {{min: auth.Viewer, ok: 204, req: fixed("/notifications/read", "")}},
	}
}

func TestAuthorisationMatrix(t *testing.T) {
	m := newMatrixEnv(t)
	tokens := map[auth.Role]string{}
	for _, r := range auth.Roles {
		tokens[r] = m.token(string(r)+"@matrix.example", r, m.units[own])
	}
	table := matrix()
	h := &handler{}
	for _, rt := range h.table() {
		if rt.public {
			continue
		}
		key := rt.method + " " + rt.path
		entries, ok := table[key]
		if !ok {
			t.Errorf("route %s has no entry in the authorisation matrix (internal/api/matrix_test.go): say who may call it", key)
			continue
		}
		for i, mr := range entries {
			for _, role := range auth.Roles {
				for _, pos := range []position{own, sub, sibling, parent} {
					if !mr.scoped && pos != own {
						continue
					}
					path, body := mr.req(m, m.units[pos])
					ct := ""
					if body != "" {
						ct = "application/json"
					}
					resp, out := m.call(rt.method, Prefix+path, tokens[role], ct, body)
					want := mr.ok
					switch {
					case mr.scoped && (pos == sibling || pos == parent):
						want = http.StatusNotFound
					case !role.AtLeast(mr.min):
						want = http.StatusForbidden
					}
					if resp.StatusCode != want {
						t.Errorf("%s #%d as %s on a record of the %s: %d, want %d: %s", key, i, role, pos, resp.StatusCode, want, firstLine(out))
					}
				}
			}
		}
	}
}

func firstLine(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}
