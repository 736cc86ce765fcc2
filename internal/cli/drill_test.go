package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/clock"
)

func runCLIReal(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(context.Background(), append([]string{"factdesk"}, args...),
		Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Clock: clock.Real{}})
	return out.String(), errb.String(), code
}

// The check from outside: a drill with the autopilot at full speed runs to
// the end on a fresh data folder, prints a score whose parts are all
// measured, and leaves the real store exactly as it was.
func TestDrillStartIsIsolated(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end drill")
	}
	dir := t.TempDir()
	if _, errs, code := runCLIReal(t, "--data", dir, "unit", "add", "--name", "Tỉnh Thật", "--level", "province"); code != 0 {
		t.Fatalf("unit add: %s", errs)
	}
	before, errs, code := runCLIReal(t, "--data", dir, "stats", "--json")
	if code != 0 {
		t.Fatalf("stats: %s", errs)
	}
	out, errs, code := runCLIReal(t, "--data", dir, "--log-level", "error", "drill", "start", "builtin:vi-basic", "--autopilot", "--speed", "max", "--json")
	if code != 0 {
		t.Fatalf("drill start: exit %d: %s", code, errs)
	}
	var score struct {
		Score       float64 `json:"score"`
		AllMeasured bool    `json:"all_measured"`
		WallSeconds float64 `json:"wall_seconds"`
		State       string  `json:"state"`
		Parts       []struct {
			Name     string  `json:"name"`
			Points   float64 `json:"points"`
			Measured bool    `json:"measured"`
			Detail   string  `json:"detail"`
		} `json:"parts"`
	}
	if err := json.Unmarshal([]byte(out), &score); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	t.Logf("score %.1f, %.1f s of wall time", score.Score, score.WallSeconds)
	if score.State != "finished" || len(score.Parts) != 8 {
		t.Fatalf("drill %s with %d parts: %s", score.State, len(score.Parts), out)
	}
	for _, p := range score.Parts {
		if !p.Measured {
			t.Errorf("part %s not measured: %s", p.Name, p.Detail)
		}
	}
	after, errs, code := runCLIReal(t, "--data", dir, "stats", "--json")
	if code != 0 {
		t.Fatalf("stats: %s", errs)
	}
	if before != after {
		t.Errorf("the real store changed:\nbefore %s\nafter  %s", before, after)
	}
	list, _, code := runCLIReal(t, "--data", dir, "drill", "list")
	if code != 0 || !strings.Contains(list, "run-1") || !strings.Contains(list, "finished") {
		t.Errorf("drill list: %s", list)
	}
	again, _, code := runCLIReal(t, "--data", dir, "drill", "score", "run-1", "--json")
	var rescored struct {
		Score float64 `json:"score"`
	}
	if code != 0 || json.Unmarshal([]byte(again), &rescored) != nil || rescored.Score != score.Score {
		t.Errorf("drill score run-1 = %s, want the score drill start printed (%.1f)", again, score.Score)
	}
}

func TestDrillUsage(t *testing.T) {
	dir := t.TempDir()
	if _, errs, code := runCLIReal(t, "--data", dir, "drill", "start", "builtin:nope"); code == 0 || !strings.Contains(errs, "builtin:vi-basic") {
		t.Errorf("unknown scenario: exit %d: %s", code, errs)
	}
	if _, errs, code := runCLIReal(t, "--data", dir, "drill", "start", "builtin:vi-basic", "--speed", "fast"); code != 2 || !strings.Contains(errs, "--speed") {
		t.Errorf("bad speed: exit %d: %s", code, errs)
	}
	if _, errs, code := runCLIReal(t, "--data", dir, "drill", "score", "run-9"); code == 0 || !strings.Contains(errs, "drill list") {
		t.Errorf("unknown run: exit %d: %s", code, errs)
	}
}
