// Package crashtest SIGKILLs a real factdesk binary while it imports or
// serves, restarts it, and checks that no accepted post was lost or
// duplicated and that the store is sound. The tests are heavy (they build
// the binary and import 100,000 posts): they run when FACTDESK_TEST_CRASH=1
// (set by .ci/run) and skip with a message otherwise.
package crashtest

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// CrashEnv enables the crash tests.
const CrashEnv = "FACTDESK_TEST_CRASH"

// requireCrash skips the test unless it was asked for: FACTDESK_TEST_CRASH=1,
// or a -run pattern that names the crash tests (go test -run 'TestScaleOut|TestCrash' ./...).
// -short always skips.
func requireCrash(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("crash tests skipped in -short mode")
	}
	if os.Getenv(CrashEnv) == "1" {
		return
	}
	if f := flag.Lookup("test.run"); f != nil && strings.Contains(f.Value.String(), "TestCrash") {
		return
	}
	t.Skip("crash tests skipped: set " + CrashEnv + "=1, or name them with -run TestCrash, to run them (they build factdesk, import 100,000 posts and SIGKILL it; .ci/run sets " + CrashEnv + ")")
}

// envInt reads a tuning knob, e.g. FACTDESK_TEST_CRASH_POSTS for a quicker local run.
func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		t.Fatalf("%s=%q: want a positive number", name, s)
	}
	return n
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds cmd/factdesk once per test process.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		// A binary built elsewhere (e.g. from a clean checkout) may be named.
		if binPath = os.Getenv("FACTDESK_TEST_CRASH_BINARY"); binPath != "" {
			return
		}
		dir, err := os.MkdirTemp("", "factdesk-crashtest-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "factdesk")
		out, err := exec.Command("go", "build", "-o", binPath, "github.com/factdesk/factdesk/cmd/factdesk").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// factdesk runs a command to completion and returns its standard output.
func factdesk(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("factdesk %s: %v\nstdout: %s\nstderr: %s", strings.Join(args, " "), err, stdout.String(), tail(stderr.String(), 3000))
	}
	return stdout.String()
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

// proc is a factdesk process running in the background.
type proc struct {
	cmd    *exec.Cmd
	stdout bytes.Buffer
	stderr bytes.Buffer
	done   chan error // receives the exit once
	exited bool
	err    error
}

func start(t *testing.T, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(binary(t), args...), done: make(chan error, 1)}
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start factdesk %s: %v", strings.Join(args, " "), err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() { p.kill() })
	return p
}

// wait waits for the process to exit by itself.
func (p *proc) wait(timeout time.Duration) (error, bool) {
	if p.exited {
		return p.err, true
	}
	select {
	case p.err = <-p.done:
		p.exited = true
		return p.err, true
	case <-time.After(timeout):
		return nil, false
	}
}

// kill SIGKILLs the process and reaps it; it reports whether the process
// was still running (false: it had already exited).
func (p *proc) kill() bool {
	if p.exited {
		return false
	}
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	p.err = <-p.done
	p.exited = true
	ws, ok := p.cmd.ProcessState.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

// counter reads the SQLite file of a data folder from outside, while
// factdesk writes it (WAL mode allows one writer and many readers).
type counter struct {
	path string
	db   *sql.DB
}

func newCounter(t *testing.T, dataDir string) *counter {
	t.Helper()
	c := &counter{path: filepath.Join(dataDir, "factdesk.db")}
	t.Cleanup(func() {
		if c.db != nil {
			c.db.Close()
		}
	})
	return c
}

// int runs a query answering one number; -1 while the file is not there yet.
func (c *counter) int(q string, args ...any) int64 {
	if c.db == nil {
		if _, err := os.Stat(c.path); err != nil {
			return -1
		}
		db, err := sql.Open("sqlite", "file:"+c.path+"?mode=ro&_pragma=busy_timeout(10000)")
		if err != nil {
			return -1
		}
		db.SetMaxOpenConns(1)
		c.db = db
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var n int64
	if err := c.db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return -1
	}
	return n
}

// checkStore runs the checks every crash test ends with: factdesk check
// (SQLite integrity, schema, audit chain) and the invariants of stories
// and alerts.
func checkStore(t *testing.T, dataDir string, wantPosts int64) {
	t.Helper()
	var st map[string]int64
	if err := json.Unmarshal([]byte(factdesk(t, "", "--data", dataDir, "stats", "--json")), &st); err != nil {
		t.Fatalf("stats --json: %v", err)
	}
	t.Logf("stats after the crashes: %v", st)
	if wantPosts >= 0 && st["posts"] != wantPosts {
		t.Errorf("posts = %d, want exactly %d", st["posts"], wantPosts)
	}
	var rep struct {
		Integrity   string `json:"integrity"`
		AuditChain  string `json:"audit_chain"`
		AuditEvents int    `json:"audit_events"`
		OK          bool   `json:"ok"`
	}
	out := factdesk(t, "", "--data", dataDir, "check", "--json")
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("check --json: %v: %s", err, out)
	}
	if !rep.OK || rep.Integrity != "ok" || rep.AuditChain != "ok" {
		t.Errorf("factdesk check: %s", out)
	}
	c := newCounter(t, dataDir)
	for _, q := range []struct{ what, sql string }{
		{"posts without a story", "SELECT COUNT(*) FROM posts p WHERE NOT EXISTS (SELECT 1 FROM post_stories s WHERE s.post_id = p.id)"},
		{"story links to no post", "SELECT COUNT(*) FROM post_stories s WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = s.post_id)"},
		{"stories whose post_count is not their number of posts", "SELECT COUNT(*) FROM stories s WHERE post_count <> (SELECT COUNT(*) FROM post_stories p WHERE p.story_id = s.id)"},
		{"stories with no post", "SELECT COUNT(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM post_stories p WHERE p.story_id = s.id)"},
		{"alerts raised twice", "SELECT COUNT(*) FROM (SELECT kind, key, bucket_start FROM alerts GROUP BY kind, key, bucket_start HAVING COUNT(*) > 1)"},
		{"posts stored twice", "SELECT COUNT(*) FROM (SELECT source_id, external_id FROM posts GROUP BY source_id, external_id HAVING COUNT(*) > 1)"},
	} {
		if n := c.int(q.sql); n != 0 {
			t.Errorf("%s: %d (query: %s)", q.what, n, q.sql)
		}
	}
}
