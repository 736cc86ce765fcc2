package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/factdesk/factdesk/internal/i18n"
)

// fakeDrillRuns serves fixed runs; the drill package's own test reads a
// real workspace through drill.WebRuns.
type fakeDrillRuns struct {
	runs   []DrillRun
	scores map[string]*DrillScore
}

func (f *fakeDrillRuns) Runs(context.Context) ([]DrillRun, error) { return f.runs, nil }

func (f *fakeDrillRuns) Run(_ context.Context, id string) (DrillRun, *DrillScore, error) {
	for _, r := range f.runs {
		if r.ID == id {
			return r, f.scores[id], nil
		}
	}
	return DrillRun{}, nil, ErrNoDrillRun
}

func drillsEnv(t *testing.T, runs *fakeDrillRuns) *testEnv {
	e := newEnv(t, func(d *Deps) { d.Drills = &DrillsDeps{Runs: runs} })
	createUser(t, e.store.DB, "vi@example.org", "Lan", "vi", nil)
	createUser(t, e.store.DB, "en@example.org", "Ann", "en", nil)
	return e
}

// navHrefs lists the navigation's links in order.
func navHrefs(doc *html.Node) []string {
	var out []string
	for _, a := range byTag(first(doc, "nav"), "a") {
		out = append(out, attr(a, "href"))
	}
	return out
}

// With no runs the Drills page says so and shows how to start one; the
// Drills link keeps its place in the navigation and is the current page.
func TestDrillsEmpty(t *testing.T) {
	e := drillsEnv(t, &fakeDrillRuns{})
	anon := noFollow(e.client())
	if resp, _ := e.do(anon, http.MethodGet, "/drills", nil, nil); resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusFound {
		t.Fatalf("anonymous: %d, want a redirect to the login", resp.StatusCode)
	}
	plain := newEnv(t)
	createUser(t, plain.store.DB, "en@example.org", "Ann", "en", nil)
	pc := plain.client()
	plain.mustLogin(pc, "en@example.org")
	_, placeholder := plain.do(pc, http.MethodGet, "/drills", nil, nil)
	wantNav := navHrefs(parseHTML(t, placeholder))

	for _, c := range []struct{ email, heading, empty string }{
		{"vi@example.org", "Diễn tập", "Chưa có lần diễn tập nào"},
		{"en@example.org", "Drills", "No drills yet"},
	} {
		cl := e.client()
		e.mustLogin(cl, c.email)
		resp, body := e.do(cl, http.MethodGet, "/drills", nil, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", c.email, resp.StatusCode)
		}
		doc := parseHTML(t, body)
		if h1(doc) != c.heading {
			t.Errorf("%s: heading %q", c.email, h1(doc))
		}
		if !strings.Contains(body, c.empty) || len(byTag(doc, "table")) != 0 {
			t.Errorf("%s: no empty state\n%s", c.email, body)
		}
		if !strings.Contains(body, "factdesk drill start builtin:vi-basic --autopilot --speed max") ||
			!strings.Contains(body, "factdesk drill serve RUN") {
			t.Errorf("%s: the commands are missing", c.email)
		}
		if strings.Contains(body, t.Name()) || strings.Contains(body, "area.coming") || strings.Contains(body, "drills.") {
			t.Errorf("%s: a placeholder or an untranslated key", c.email)
		}
		if got := navHrefs(doc); strings.Join(got, " ") != strings.Join(wantNav, " ") {
			t.Errorf("%s: nav %v, want %v", c.email, got, wantNav)
		}
		cur := findAll(first(doc, "nav"), func(n *html.Node) bool { return attr(n, "aria-current") == "page" })
		if len(cur) != 1 || attr(cur[0], "href") != "/drills" {
			t.Errorf("%s: the Drills link is not the current page", c.email)
		}
		if len(byTag(first(doc, "main"), "script")) != 0 {
			t.Errorf("%s: the page has a script", c.email)
		}
	}
}

// Runs are listed newest first with their state and score, and each run's
// page shows the score parts, measured or not, and the units' results.
func TestDrillsRunAndScore(t *testing.T) {
	score := 72.5
	runs := &fakeDrillRuns{
		runs: []DrillRun{
			{ID: "run-2", Scenario: "builtin:en-basic", Title: "Flood rumours", Seed: 7, State: "running", Started: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)},
			{ID: "run-1", Scenario: "builtin:vi-basic", Seed: 3, State: "finished", Started: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC), Score: &score},
		},
		scores: map[string]*DrillScore{"run-1": {Score: score, Parts: []DrillPart{
			{Name: "claims_found", Points: 20, Max: 20, Measured: true, Detail: "2 of 2"},
			{Name: "time_to_publication", Max: 10, Detail: "no publication in the workspace"},
		}, Units: []DrillUnit{{Unit: "Thành phố Hội An", Cases: 2, Verdicts: 2, Correct: 1, WrongVerdicts: 1, Expected: 2, Handled: 2}}}},
	}
	e := drillsEnv(t, runs)
	cl := e.client()
	e.mustLogin(cl, "en@example.org")
	_, body := e.do(cl, http.MethodGet, "/drills", nil, nil)
	doc := parseHTML(t, body)
	rows := byTag(first(doc, "tbody"), "tr")
	if len(rows) != 2 {
		t.Fatalf("%d rows\n%s", len(rows), body)
	}
	for i, want := range []string{
		"run-2 builtin:en-basic · Flood rumours 7 2026-03-02 08:00 UTC running not scored",
		"run-1 builtin:vi-basic 3 2026-03-01 08:00 UTC finished 72.5 / 100",
	} {
		var cells []string
		for _, td := range byTag(rows[i], "td") {
			cells = append(cells, text(td))
		}
		if got := strings.Join(cells, " "); got != want {
			t.Errorf("row %d: %q, want %q", i, got, want)
		}
	}
	if links := byAttr(doc, "a", "href", "/drills/run-1"); len(links) != 1 {
		t.Errorf("no link to run-1")
	}

	resp, body := e.do(cl, http.MethodGet, "/drills/run-1", nil, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/drills/run-1: %d", resp.StatusCode)
	}
	for _, want := range []string{"Drill run-1", "72.5 / 100", "<td>Claims found</td>", "20.0 / 20", "<td>measured</td>", "<td>Time to publication</td>", "<td>not measured</td>",
		"no publication in the workspace", "Thành phố Hội An", "factdesk drill serve run-1", "--autopilot --speed max"} {
		if !strings.Contains(body, want) {
			t.Errorf("/drills/run-1 lacks %q", want)
		}
	}
	vi := e.client()
	e.mustLogin(vi, "vi@example.org")
	_, body = e.do(vi, http.MethodGet, "/drills/run-1", nil, nil)
	for _, want := range []string{"Diễn tập run-1", "<td>Tin đồn phát hiện được</td>", "<td>không đo được</td>", "Kết quả theo đơn vị"} {
		if !strings.Contains(body, want) {
			t.Errorf("/drills/run-1 in vi lacks %q", want)
		}
	}
	_, body = e.do(cl, http.MethodGet, "/drills/run-2", nil, nil)
	if !strings.Contains(body, "could not be scored") {
		t.Errorf("/drills/run-2: no word that it is not scored")
	}
	for _, p := range []string{"/drills/run-9", "/drills/run-1x", "/drills/run-", "/drills/run-1/x", "/drills/evil"} {
		if resp, _ := e.do(cl, http.MethodGet, p, nil, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, resp.StatusCode)
		}
	}
	if resp, _ := e.do(cl, http.MethodPost, "/drills", nil, map[string]string{"Origin": e.srv.URL}); resp.StatusCode == http.StatusOK {
		t.Errorf("POST /drills: %d; the page is read-only", resp.StatusCode)
	}
}

// The keys the Drills pages build from a run's state and a part's name are
// in every catalogue (the parts are those of drill.Score).
func TestDrillsBuiltKeys(t *testing.T) {
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, s := range []string{"running", "paused", "stopped", "finished", "failed"} {
		keys[fmt.Sprintf(drillStateKey, s)] = true
	}
	for _, p := range []string{"claims_found", "correct_verdicts", "time_to_alert", "time_to_case", "time_to_verdict",
		"time_to_publication", "routing", "false_alarms"} {
		keys[fmt.Sprintf(drillPartKey, p)] = true
	}
	checkKeys(t, cat, keys, "Drills pages")
}
