package drill

import (
	"context"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/app"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/clock"
)

// The web UI of a data folder lists its drill workspaces on /drills, read
// with List, Open and ScoreRun: empty at first, then a run made by Create
// with its score, and the run's page with the score parts and units.
func TestDrillsPage(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	cfg := testConfig()
	cfg.DataDir = data
	a, err := app.Open(ctx, cfg, slog.New(slog.DiscardHandler), clock.Real{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	const pw = "correct horse battery staple 7"
	hash, err := auth.HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.DB.CreateUser(ctx, "test", auth.User{Email: "viewer@example.org", Name: "V", PasswordHash: hash, Locale: "en"}, nil); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	cl := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := cl.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	resp, err := cl.PostForm(srv.URL+"/login", url.Values{"email": {"viewer@example.org"}, "password": {pw}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/" {
		t.Fatalf("login: %d at %s", resp.StatusCode, resp.Request.URL)
	}

	code, body := get("/drills")
	if code != http.StatusOK || !strings.Contains(body, "No drills yet") || strings.Contains(body, `href="/drills/run-`) {
		t.Fatalf("empty /drills: %d\n%s", code, body)
	}

	run, _, err := Create(ctx, data, "builtin:en-basic", 5, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	run.State = StateFinished
	if err := run.Save(); err != nil {
		t.Fatal(err)
	}
	score, err := ScoreRun(ctx, run)
	if err != nil {
		t.Fatal(err)
	}
	second, _, err := Create(ctx, data, "builtin:vi-basic", 6, time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}

	code, body = get("/drills")
	if code != http.StatusOK || strings.Contains(body, "No drills yet") {
		t.Fatalf("/drills: %d\n%s", code, body)
	}
	i1, i2 := strings.Index(body, `href="/drills/run-1"`), strings.Index(body, `href="/drills/`+second.ID+`"`)
	if i1 < 0 || i2 < 0 || i2 > i1 {
		t.Errorf("want %s then run-1, newest first\n%s", second.ID, body)
	}
	for _, want := range []string{"builtin:en-basic", "builtin:vi-basic", "2026-03-02 09:00 UTC", "finished", "running",
		strconv.FormatFloat(score.Score, 'f', 1, 64) + " / 100"} {
		if !strings.Contains(body, want) {
			t.Errorf("/drills lacks %q", want)
		}
	}

	code, body = get("/drills/run-1")
	if code != http.StatusOK {
		t.Fatalf("/drills/run-1: %d", code)
	}
	if len(score.Parts) == 0 || len(score.Units) == 0 {
		t.Fatalf("score of a fresh run: %d parts, %d units", len(score.Parts), len(score.Units))
	}
	if n := strings.Count(body, "<td>measured</td>") + strings.Count(body, "<td>not measured</td>"); n != len(score.Parts) {
		t.Errorf("/drills/run-1: %d parts marked measured or not, want %d", n, len(score.Parts))
	}
	for _, label := range []string{"<td>Claims found</td>", "<td>Routing</td>", "<td>False alarms</td>"} {
		if !strings.Contains(body, label) {
			t.Errorf("/drills/run-1 lacks the part %s", label)
		}
	}
	if testing.Verbose() {
		t.Log(body)
	}
	for _, u := range score.Units {
		if !strings.Contains(body, template.HTMLEscapeString(u.Unit)) {
			t.Errorf("/drills/run-1 lacks the unit %q", u.Unit)
		}
	}
	if !strings.Contains(body, "factdesk drill serve run-1") {
		t.Errorf("/drills/run-1 does not say how to open the workspace")
	}
	if code, _ := get("/drills/run-99"); code != http.StatusNotFound {
		t.Errorf("/drills/run-99: %d", code)
	}
}
