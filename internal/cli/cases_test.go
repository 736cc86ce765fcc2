package cli

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/factdesk/factdesk/internal/clock"
)

// The desk from the command line: units with aliases, posts that name one
// district, a case routed there, seen only within its scope, webhooks
// queued, and the audit chain verified and then caught when tampered with.
func TestCaseCommandsRouteScopeAndAudit(t *testing.T) {
	dir := t.TempDir()
	run := func(args ...string) string {
		t.Helper()
		out, errs, code := runCLI(t, append([]string{"--data", dir}, args...)...)
		if code != 0 {
			t.Fatalf("factdesk %s: exit %d: %s%s", strings.Join(args, " "), code, out, errs)
		}
		return out
	}
	id := func(js string) string {
		t.Helper()
		var v struct {
			ID json.Number `json:"id"`
		}
		if err := json.Unmarshal([]byte(js), &v); err != nil {
			t.Fatalf("%v: %s", err, js)
		}
		return v.ID.String()
	}
	prov := id(run("unit", "add", "--name", "Tỉnh Quảng Nam", "--json"))
	hoian := id(run("unit", "add", "--name", "Thành phố Hội An", "--parent", prov, "--alias", "Hoi An", "--json"))
	id(run("unit", "add", "--name", "Huyện Duy Xuyên", "--parent", prov, "--alias", "Duy Xuyen", "--json"))
	for _, u := range []struct{ email, unit string }{{"dx@x.vn", "3"}, {"ha@x.vn", hoian}} {
		out, errs, code := runCLIStdin(t, []string{"--data", dir, "user", "add", "--email", u.email, "--name", u.email, "--role", "lead", "--unit", u.unit, "--password-stdin"}, "a long password 123\n")
		if code != 0 {
			t.Fatalf("user add: %s%s", out, errs)
		}
	}
	run("webhook", "add", "--url", "https://hooks.example.org/desk", "--secret", "s", "--unit", hoian)
	posts := filepath.Join(dir, "posts.jsonl")
	os.WriteFile(posts, []byte(`{"source":"tips","external_id":"1","text":"Nước máy ở HOI AN bị nhiễm độc?","published_at":"2026-10-31T08:00:00Z"}
{"source":"tips","external_id":"2","text":"nuoc may o hoi an bi nhiem doc","published_at":"2026-10-31T08:05:00Z"}
`), 0o644)
	run("import", "posts", posts)
	var cs struct {
		ID     int64  `json:"id"`
		UnitID int64  `json:"unit_id"`
		Status string `json:"status"`
	}
	json.Unmarshal([]byte(run("case", "new", "--title", "Nước máy nhiễm độc?", "--post", "1", "--post", "2", "--json")), &cs)
	if hoian != jsonInt(cs.UnitID) || cs.Status != "new" {
		t.Fatalf("case %+v, want routed to unit %s", cs, hoian)
	}
	if out := run("case", "list", "--as", "dx@x.vn", "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("the other district lists: %s", out)
	}
	if _, errs, code := runCLI(t, "--data", dir, "case", "show", "1", "--as", "dx@x.vn"); code == 0 || !strings.Contains(errs, "no case 1") && !strings.Contains(errs, "There is no case 1") {
		t.Fatalf("the other district sees case 1: exit %d %s", code, errs)
	}
	run("case", "status", "1", "triaged", "--as", "ha@x.vn")
	if out := run("webhook", "list", "--json"); !strings.Contains(out, `"event": "case.create"`) || !strings.Contains(out, `"event": "case.status"`) {
		t.Fatalf("webhook deliveries not queued: %s", out)
	}
	out := run("audit", "verify", "--json")
	var rep struct {
		Events int  `json:"events"`
		OK     bool `json:"ok"`
	}
	json.Unmarshal([]byte(out), &rep)
	if !rep.OK || rep.Events < 8 {
		t.Fatalf("audit verify: %s", out)
	}
	// Edit a row behind the application's back: verify names it.
	db, err := sql.Open("sqlite", filepath.Join(dir, "factdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"DROP TRIGGER audit_no_update", "UPDATE audit_events SET actor = 'mallory' WHERE id = 5"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	out, _, code := runCLI(t, "--data", dir, "audit", "verify", "--json")
	if code != 1 || !strings.Contains(out, `"ok": false`) || !strings.Contains(out, `"broken_event": 5`) {
		t.Fatalf("tampered log: exit %d %s", code, out)
	}
}

// runCLIStdin runs the command line with stdin.
func runCLIStdin(t *testing.T, args []string, stdin string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(context.Background(), append([]string{"factdesk"}, args...),
		Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Clock: clock.NewFake(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))})
	return out.String(), errb.String(), code
}
