package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
)

// situationEnv is the UI with the situation picture: a province with a
// commune, a source in each with posts in the last week, a lead of the
// province and a viewer of the commune.
type situationEnv struct {
	*testEnv
	province, commune int64
}

func newSituationEnv(t *testing.T, refresh time.Duration) *situationEnv {
	t.Helper()
	e := &situationEnv{}
	e.testEnv = newEnv(t, func(d *Deps) {
		d.Reports = &ReportsDeps{Store: d.Store.(ReportsStore), Refresh: refresh}
	})
	e.commune = seedProvince(t, e.testEnv)
	e.province = 0
	units, _ := e.store.Units(context.Background())
	for _, u := range units {
		if u.ParentID == 0 {
			e.province = u.ID
		}
	}
	ctx := context.Background()
	now := e.clock.Now()
	for i, unit := range []int64{e.province, e.commune} {
		src, err := e.store.CreateSource(ctx, "test", store.Source{Kind: []string{"rss", "mastodon"}[i], Name: fmt.Sprint("nguồn ", i),
			URL: fmt.Sprint("https://s", i, ".example/feed"), UnitID: unit})
		if err != nil {
			t.Fatal(err)
		}
		var ps []post.Post
		for j := range 2 + i {
			ps = append(ps, post.Post{SourceID: src.ID, ExternalID: fmt.Sprint(j), ContentHash: fmt.Sprint(i, "-", j), Text: "Tin đồn vỡ đập",
				PublishedAt: now.Add(-time.Duration(j+1) * 24 * time.Hour), FetchedAt: now})
		}
		if _, err := e.store.UpsertPosts(ctx, ps); err != nil {
			t.Fatal(err)
		}
	}
	createUser(t, e.store.DB, "lead@example.vn", "Trưởng", "en", &auth.Membership{UnitID: e.province, Role: auth.Lead})
	createUser(t, e.store.DB, "viewer@example.vn", "Xem", "en", &auth.Membership{UnitID: e.commune, Role: auth.Viewer})
	return e
}

// figureValue reads a headline figure off a page or fragment.
func figureValue(t *testing.T, body, key string) string {
	t.Helper()
	for _, li := range byAttr(parseHTML(t, body), "li", "data-key", key) {
		for _, sp := range byTag(li, "span") {
			if attr(sp, "class") == "fig-value" {
				return text(sp)
			}
		}
	}
	return ""
}

func TestDashboardShowsTheSituationOfTheCallersUnits(t *testing.T) {
	e := newSituationEnv(t, 0)
	lead := e.client()
	e.mustLogin(lead, "lead@example.vn")

	resp, body := e.do(lead, http.MethodGet, "/", nil, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /: %d", resp.StatusCode)
	}
	doc := parseHTML(t, body)
	if got := figureValue(t, body, "posts_total"); got != "5" {
		t.Errorf("the lead of the province sees %q posts, want 5", got)
	}
	if len(byTag(first(doc, "select"), "option")) != 2 || len(byAttr(doc, "a", "class", "button-link")) != 4 {
		t.Errorf("want a unit picker with both units and four downloads")
	}
	live := byAttr(doc, "div", "id", "situation")
	if len(live) != 1 || attr(live[0], "data-live") == "" || attr(live[0], "data-every") != "30" {
		t.Fatalf("no live situation box")
	}
	if len(byTag(doc, "svg")) < 5 || len(byAttr(doc, "table", "class", "memberships")) != 1 {
		t.Errorf("the dashboard lacks its charts or the memberships")
	}

	// The refresh fragment is the situation alone, for the commune here.
	resp, body = e.do(lead, http.MethodGet, fmt.Sprintf("/dashboard/live?unit_id=%d&days=30", e.commune), nil, nil)
	if resp.StatusCode != http.StatusOK || strings.Contains(body, "<html") || figureValue(t, body, "posts_total") != "3" {
		t.Errorf("live fragment: %d, posts %q", resp.StatusCode, figureValue(t, body, "posts_total"))
	}

	// The viewer of the commune sees the commune, and not the province.
	viewer := e.client()
	e.mustLogin(viewer, "viewer@example.vn")
	_, body = e.do(viewer, http.MethodGet, "/dashboard", nil, nil)
	if got := figureValue(t, body, "posts_total"); got != "3" {
		t.Errorf("the viewer of the commune sees %q posts, want 3", got)
	}
	for _, path := range []string{"/dashboard?unit_id=%d", "/dashboard/live?unit_id=%d", "/reports/download?format=csv&unit_id=%d"} {
		if resp, _ := e.do(viewer, http.MethodGet, fmt.Sprintf(path, e.province), nil, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("viewer GET %s of the province: %d, want 404", path, resp.StatusCode)
		}
	}
}

func TestReportsDownloadWriteAndSchedule(t *testing.T) {
	e := newSituationEnv(t, 0)
	lead := e.client()
	e.mustLogin(lead, "lead@example.vn")

	resp, body := e.do(lead, http.MethodGet, "/reports/download?format=csv", nil, nil)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment;") {
		t.Fatalf("CSV download: %d %s", resp.StatusCode, resp.Header.Get("Content-Disposition"))
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if r[0] == "headline" && r[1] == "posts_total" && r[3] == "5" {
			found = true
		}
	}
	if !found {
		t.Errorf("the CSV lacks posts_total = 5: %v", rows)
	}
	if resp, _ := e.do(lead, http.MethodGet, "/reports/download?format=docx", nil, nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown format: %d, want 400", resp.StatusCode)
	}

	// A lead writes and keeps a report with a note; it is served with a
	// policy that allows its inline styles and nothing else.
	resp, body = e.do(lead, http.MethodPost, "/reports", url.Values{"unit_id": {fmt.Sprint(e.province)}, "days": {"7"}, "lang": {"vi"},
		"note": {"Theo dõi <đập> Hòa Bắc."}}, nil)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Request.URL.Path, "/reports/") {
		t.Fatalf("write a report: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	if !strings.Contains(body, "Theo dõi &lt;đập&gt; Hòa Bắc.") || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Errorf("the stored report lacks the note or its policy")
	}
	reportPath := resp.Request.URL.Path

	// The viewer may read neither the province's report nor write one.
	viewer := e.client()
	e.mustLogin(viewer, "viewer@example.vn")
	if resp, _ := e.do(viewer, http.MethodGet, reportPath, nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("viewer reads the province's report: %d, want 404", resp.StatusCode)
	}
	if resp, _ := e.do(viewer, http.MethodPost, "/reports", url.Values{"unit_id": {fmt.Sprint(e.commune)}}, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("viewer writes a report: %d, want 403", resp.StatusCode)
	}

	// A weekly schedule shows on the Reports page; a bad webhook is named.
	resp, _ = e.do(lead, http.MethodPost, "/reports/schedules", url.Values{"unit_id": {fmt.Sprint(e.commune)}, "period": {"weekly"}, "lang": {"en"},
		"webhook_url": {"ftp://nope"}}, nil)
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a schedule with an ftp webhook: %d, want 400", resp.StatusCode)
	}
	resp, body = e.do(lead, http.MethodPost, "/reports/schedules", url.Values{"unit_id": {fmt.Sprint(e.commune)}, "period": {"weekly"}, "lang": {"en"}}, nil)
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/reports" {
		t.Fatalf("add a schedule: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	doc := parseHTML(t, body)
	if n := len(byTag(first(doc, "tbody"), "tr")); n != 1 {
		t.Errorf("stored reports listed: %d, want 1", n)
	}
	if len(byAttr(doc, "table", "class", "data schedules-list")) != 1 || !strings.Contains(body, "week (Monday)") {
		t.Errorf("the schedule is not listed")
	}
	_, body = e.do(viewer, http.MethodGet, "/reports", nil, nil)
	if strings.Contains(body, `action="/reports/schedules"`) || !strings.Contains(body, "week (Monday)") {
		t.Errorf("the viewer should see the commune's schedule but no forms")
	}
}
