package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/store/storetest"
)

// runRC runs the binary and returns stdout, stderr and the exit code.
func runRC(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func TestImportPosts(t *testing.T) { importPosts(t, "--data", t.TempDir()) }

func TestImportPostsPostgres(t *testing.T) {
	importPosts(t, "--data", t.TempDir(), "--db", storetest.FreshPostgresURL(t))
}

func importPosts(t *testing.T, storeArgs ...string) {
	file := filepath.Join(t.TempDir(), "posts.jsonl")
	lines := []string{
		`{"id": "1", "text": "Tin giả: uống nước muối chữa được cúm", "published_at": "2026-03-01T08:30:00+07:00", "metrics": {"likes": 4}}`,
		`{"id": "2", "text": 42}`,
		`{"id": "3", "title": "Đà Nẵng mưa lớn", "url": "https://Example.com/a?utm_source=x#frag"}`,
		`not json at all`,
		`{"text": "a post without an id", "published_at": "1 April"}`,
		`{"text": "a post without an id, with a good date", "published_at": "2026-04-01"}`,
		``,
		`{"id": "7", "text": "  "}`,
	}
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runRC(t, append([]string{"import", "posts", file, "--json"}, storeArgs...)...)
	if code != 0 {
		t.Fatalf("import exit %d: %s", code, stderr)
	}
	var got map[string]int
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%q: %v", out, err)
	}
	if got["imported"] != 3 || got["duplicates"] != 0 || got["rejected"] != 4 {
		t.Fatalf("first import: %v\nstderr: %s", got, stderr)
	}
	for _, want := range []string{":2: rejected: text", ":4: rejected: not a JSON object", ":5: rejected: published_at", ":8: rejected: text: missing"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	out, _, _ = runRC(t, append([]string{"import", "posts", file}, storeArgs...)...)
	if strings.TrimSpace(out) != "imported 0, duplicates 3, rejected 4" {
		t.Fatalf("second import: %q", out)
	}
	var stats map[string]int
	out, _, _ = runRC(t, append([]string{"stats", "--json"}, storeArgs...)...)
	if err := json.Unmarshal([]byte(out), &stats); err != nil || stats["posts"] != 3 {
		t.Fatalf("stats: %q %v", out, err)
	}
}

func TestSourceFetchFeeds(t *testing.T) {
	fixtures := "../../internal/source/rss/testdata"
	srv := httptest.NewServer(http.FileServer(http.Dir(fixtures)))
	defer srv.Close()
	data := []string{"--data", t.TempDir()}
	feeds := map[string]int{ // fixture -> items it holds
		"heraldsun.rss":                  2,
		"vi-windows-1258.rss":            0, // counted from the output below
		"pt-latin1-undeclared.rss":       0,
		"vi-windows-1258-undeclared.rss": 0,
	}
	total := 0
	for name := range feeds {
		id, stderr, code := runRC(t, append([]string{"source", "add", "--kind", "rss", "--url", srv.URL + "/" + name, "--allow-private-sources"}, data...)...)
		if code != 0 {
			t.Fatalf("add %s: %s", name, stderr)
		}
		out, stderr, code := runRC(t, append([]string{"source", "fetch", strings.TrimSpace(id), "--json", "--allow-private-sources"}, data...)...)
		if code != 0 {
			t.Fatalf("fetch %s: exit %d %s", name, code, stderr)
		}
		var rep struct{ Fetched, Imported, Rejected int }
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Fetched == 0 || rep.Imported != rep.Fetched || rep.Rejected != 0 {
			t.Errorf("%s: %+v", name, rep)
		}
		if want := feeds[name]; want > 0 && rep.Fetched != want {
			t.Errorf("%s: fetched %d, want %d", name, rep.Fetched, want)
		}
		total += rep.Imported
	}
	// Refused without the flag: a loopback URL is a private address.
	if _, stderr, code := runRC(t, append([]string{"source", "add", "--kind", "rss", "--url", srv.URL + "/heraldsun.rss"}, data...)...); code == 0 || !strings.Contains(stderr, "loopback") {
		t.Fatalf("loopback source accepted without the flag: %d %s", code, stderr)
	}
	// A page that is not a feed: a clear error, kept as last_error, no posts.
	id, _, _ := runRC(t, append([]string{"source", "add", "--kind", "rss", "--url", srv.URL + "/not-a-feed.html", "--allow-private-sources"}, data...)...)
	_, stderr, code := runRC(t, append([]string{"source", "fetch", strings.TrimSpace(id), "--allow-private-sources"}, data...)...)
	if code == 0 || !strings.Contains(stderr, "not a feed") {
		t.Fatalf("non-feed: exit %d, %s", code, stderr)
	}
	out, _, _ := runRC(t, append([]string{"source", "list", "--json"}, data...)...)
	var list []struct {
		ID        int64  `json:"id"`
		State     string `json:"state"`
		LastError string `json:"last_error"`
		Items     int    `json:"items_total"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	last := list[len(list)-1]
	if last.State != "failing" || !strings.Contains(last.LastError, "not a feed") || last.Items != 0 {
		t.Fatalf("non-feed source: %+v", last)
	}
	var stats map[string]int
	out, _, _ = runRC(t, append([]string{"stats", "--json"}, data...)...)
	if err := json.Unmarshal([]byte(out), &stats); err != nil || stats["posts"] != total {
		t.Fatalf("stats posts = %d, want %d", stats["posts"], total)
	}
}
