package crashtest

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// TestCrashImport SIGKILLs `factdesk import posts` 20 times at random
// moments (seeded) while it imports 100,000 generated posts into a fresh
// embedded data folder, re-running the same import after each kill, then
// runs it to the end: exactly 100,000 posts, a clean integrity check, an
// intact audit chain, every post in exactly one story, no alert twice.
//
// Most kills fall at a random point of the import's progress (once the run
// has stored a random share of the posts still missing, plus a random
// delay); every fourth falls at a random moment in the first three seconds,
// during start-up.
func TestCrashImport(t *testing.T) {
	requireCrash(t)
	n := envInt(t, "FACTDESK_TEST_CRASH_POSTS", 100000)
	kills := envInt(t, "FACTDESK_TEST_CRASH_KILLS", 20)
	seed := envInt(t, "FACTDESK_TEST_CRASH_SEED", 10)
	rng := rand.New(rand.NewPCG(uint64(seed), 2026))
	began := time.Now()
	binary(t)
	t.Logf("built factdesk in %s", time.Since(began).Round(time.Millisecond))

	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	posts := filepath.Join(dir, "posts.jsonl")
	factdesk(t, "", "bench", "generate", "--posts", strconv.Itoa(n), "--seed", "3", "--out", posts)

	c := newCounter(t, data)
	args := []string{"--data", data, "import", "posts", posts, "--source", "crash import"}
	importStart := time.Now()
	for k := 0; k < kills; k++ {
		runStart := time.Now()
		p := start(t, args...)
		var how string
		if k%4 == 3 {
			d := time.Duration(rng.IntN(3000)) * time.Millisecond
			how = fmt.Sprintf("%s after start", d)
			if err, exited := p.wait(d); exited {
				t.Fatalf("kill %d: the import exited before it (err %v): %s", k+1, err, tail(p.stderr.String(), 2000))
			}
		} else {
			// Wait for this run to store a random share of what is left,
			// so that the kills spread over the whole import.
			stored := max(c.int("SELECT COUNT(*) FROM posts"), 0)
			step := (int64(n) - stored) / int64(kills-k+1)
			want := stored + 1 + rng.Int64N(max(2*step, 1))
			jitter := time.Duration(rng.IntN(500)) * time.Millisecond
			how = fmt.Sprintf("at >= %d posts stored, +%s", want, jitter)
			if !waitStored(c, p, want, 20*time.Minute) {
				t.Fatalf("kill %d: the import exited or stalled before %d posts were stored (%d stored): %v %s",
					k+1, want, c.int("SELECT COUNT(*) FROM posts"), p.err, tail(p.stderr.String(), 2000))
			}
			if err, exited := p.wait(jitter); exited {
				t.Fatalf("kill %d: the import finished before it (err %v); lower the thresholds", k+1, err)
			}
		}
		if !p.kill() {
			t.Fatalf("kill %d: the process was not killed by SIGKILL", k+1)
		}
		t.Logf("kill %2d %-34s after %6s: %6d posts stored", k+1, how, time.Since(runStart).Round(time.Millisecond), c.int("SELECT COUNT(*) FROM posts"))
	}
	t.Logf("%d kills in %s", kills, time.Since(importStart).Round(time.Second))

	last := time.Now()
	out := factdesk(t, "", args...)
	t.Logf("final run: %q in %s; whole import with kills: %s", out, time.Since(last).Round(time.Second), time.Since(importStart).Round(time.Second))
	m := regexp.MustCompile(`imported (\d+), duplicates (\d+), rejected (\d+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("final import printed %q", out)
	}
	if imported, dups, _ := atoi(m[1]), atoi(m[2]), 0; imported+dups != n || m[3] != "0" {
		t.Errorf("final run: imported %d + duplicates %d should cover all %d posts, rejected %s should be 0", imported, dups, n, m[3])
	}
	check := time.Now()
	checkStore(t, data, int64(n))
	t.Logf("checks took %s; the whole test %s", time.Since(check).Round(time.Millisecond), time.Since(began).Round(time.Second))
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// waitStored waits until at least want posts are stored; false when the
// process exits or the timeout passes first.
func waitStored(c *counter, p *proc, want int64, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if c.int("SELECT COUNT(*) FROM posts") >= want {
			return true
		}
		if _, exited := p.wait(100 * time.Millisecond); exited {
			return false
		}
	}
	return false
}
