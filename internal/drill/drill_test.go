package drill

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/config"
)

func testConfig() config.Config {
	return config.Config{NATSNamespace: "factdesk", MaxBodyBytes: config.DefaultMaxBodyBytes, LogFormat: "text", LogLevel: "warn"}
}

// An end-to-end drill: the autopilot plays builtin:en-basic at full speed
// through the real pipeline and API, and every part of the score is
// measured. The wall time is logged, never asserted.
func TestDrillWithAutopilot(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end drill")
	}
	ctx := context.Background()
	data := t.TempDir()
	run, passwords, err := Create(ctx, data, "builtin:en-basic", 3, clock.Real{}.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(passwords) != 4 || run.ID != "run-1" {
		t.Fatalf("run %s with %d passwords", run.ID, len(passwords))
	}
	var logs strings.Builder
	opt := Options{Autopilot: true, Config: testConfig(), Wall: clock.Real{}, Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	if err := Execute(ctx, run, opt); err != nil {
		t.Fatalf("%v\n%s", err, logs.String())
	}
	t.Logf("drill at speed max took %.1f s of wall time for %d posts", run.WallSeconds, run.Fed)
	if run.State != StateFinished || run.Fed != run.Posts {
		t.Fatalf("run %s: state %s, fed %d of %d", run.ID, run.State, run.Fed, run.Posts)
	}
	score, err := ScoreRun(ctx, run)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range score.Parts {
		t.Logf("%-20s %5.1f / %2.0f %v %s", p.Name, p.Points, p.Max, p.Measured, p.Detail)
		if !p.Measured {
			t.Errorf("part %s not measured: %s\n%s", p.Name, p.Detail, logs.String())
		}
	}
	found := 0
	for _, c := range score.Claims {
		t.Logf("claim %s: found %v, verdict %q, unit %q (expected %q)", c.Claim, c.Found, c.GivenVerdict, c.HandledBy, c.Unit)
		if c.Found {
			found++
			if c.ToCase == nil || *c.ToCase < 0 {
				t.Errorf("claim %s found with time to case %v", c.Claim, c.ToCase)
			}
		}
	}
	if found == 0 || score.Score <= 0 || score.Score > 100 {
		t.Errorf("found %d claims, score %.1f", found, score.Score)
	}
	var acted bool
	for _, p := range score.People {
		acted = acted || len(p.Actions) > 0
	}
	if !acted {
		t.Error("no team member has an action on the record")
	}

	// The record of the run, the list, and the report.
	again, err := Open(data, "1")
	if err != nil || again.State != StateFinished || again.Seed != 3 {
		t.Fatalf("reopen: %+v %v", again, err)
	}
	runs, err := List(data)
	if err != nil || len(runs) != 1 {
		t.Fatalf("list: %v %v", runs, err)
	}
	out := filepath.Join(t.TempDir(), "report.html")
	if err := WriteReport(ctx, run, out); err != nil {
		t.Fatal(err)
	}
	html, _ := os.ReadFile(out)
	for _, want := range []string{"DRILL — not real data", "<svg", "<circle", "claims_found", "cholera-water"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if err := Control(run, "pause"); err == nil {
		t.Error("a finished drill accepted pause")
	}
}

// waitState waits for run.json to show state, reading it from disk as
// another process would.
func waitState(t *testing.T, data, id, state string, done <-chan error) *Run {
	t.Helper()
	for range 2000 {
		r, err := Open(data, id)
		if err == nil && r.State == state {
			return r
		}
		select {
		case err := <-done:
			t.Fatalf("the drill ended (%v) before reaching %s", err, state)
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("drill %s never reached %s", id, state)
	return nil
}

// Pause, resume and stop reach a running drill through its control file.
func TestDrillPauseResumeStop(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a drill")
	}
	ctx := context.Background()
	data := t.TempDir()
	run, _, err := Create(ctx, data, "builtin:vi-basic", 1, clock.Real{}.Now())
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- Execute(ctx, run, Options{Speed: 600, Config: testConfig(), Wall: clock.Real{}}) }()
	view, _ := Open(data, run.ID)
	waitState(t, data, run.ID, StateRunning, done)
	if err := Control(view, "pause"); err != nil {
		t.Fatal(err)
	}
	paused := waitState(t, data, run.ID, StatePaused, done)
	if err := Control(view, "resume"); err != nil {
		t.Fatal(err)
	}
	waitState(t, data, run.ID, StateRunning, done)
	if err := Control(view, "stop"); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	end, err := Open(data, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	if end.State != StateStopped || end.Fed >= end.Posts || end.ScenarioNow.Before(paused.ScenarioNow) {
		t.Errorf("after stop: state %s, fed %d of %d, at %v (paused at %v)", end.State, end.Fed, end.Posts, end.ScenarioNow, paused.ScenarioNow)
	}
	if err := Control(end, "resume"); err == nil {
		t.Error("a stopped drill accepted resume")
	}
	if err := Control(end, "faster"); err == nil {
		t.Error("an unknown control was accepted")
	}
}
