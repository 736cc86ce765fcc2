package rss

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/post"
)

// datasetDir returns $FACTDESK_DATASETS/rss-atom-feeds or skips the test.
func datasetDir(t *testing.T) string {
	t.Helper()
	root := os.Getenv("FACTDESK_DATASETS")
	if root == "" {
		t.Skip("FACTDESK_DATASETS is not set: skipping the real-feed dataset test (point it at shared/datasets)")
	}
	dir := filepath.Join(root, "rss-atom-feeds")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no rss-atom-feeds under FACTDESK_DATASETS: %v", err)
	}
	return dir
}

// datasetFeeds lists the feed inputs of the dataset: rss-parser/input/* and
// every gofeed-testdata .xml plus the JSON Feed inputs (not the expected-output
// JSON files).
func datasetFeeds(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		name := d.Name()
		switch {
		case strings.HasPrefix(rel, "rss-parser/input/"):
		case strings.HasPrefix(rel, "gofeed-testdata/") && strings.HasSuffix(name, ".xml"):
		case strings.HasPrefix(rel, "gofeed-testdata/") && isJSONFeedInput(rel):
		default:
			return nil
		}
		files = append(files, path)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// isJSONFeedInput picks the JSON Feed inputs (not *_expected.json, and not
// the gofeed JSON next to an .xml case, which is that case's expected output).
func isJSONFeedInput(rel string) bool {
	if !strings.HasSuffix(rel, ".json") || strings.HasSuffix(rel, "_expected.json") {
		return false
	}
	return strings.Contains(rel, "/parser/json/") || strings.Contains(rel, "/translator/json/") ||
		strings.Contains(rel, "/universal/")
}

// TestDatasetFeeds serves every feed of the dataset from an httptest server
// and fetches it: each must either give posts or fail with a clear error
// naming the URL. Counts are logged.
func TestDatasetFeeds(t *testing.T) {
	dir := datasetDir(t)
	files := datasetFeeds(t, dir)
	if len(files) == 0 {
		t.Fatal("no feeds found in the dataset")
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(r.URL.Path, "/")))
		body, err := os.ReadFile(path)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		if strings.HasSuffix(path, ".json") {
			w.Header().Set("Content-Type", "application/json")
		} else {
			w.Header().Set("Content-Type", "text/xml; charset=utf-8") // what many servers say, right or not
		}
		w.Write(body)
	}))
	defer srv.Close()
	f := New(testDeps(clock.NewFake(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))))

	var withItems, empty, notFeed, failed, posts int
	for _, path := range files {
		rel, _ := filepath.Rel(dir, path)
		u := srv.URL + "/" + filepath.ToSlash(rel)
		res, err := f.Fetch(context.Background(), Source{URL: u, Kind: "rss"})
		switch {
		case errors.Is(err, ErrNotFeed):
			notFeed++
			t.Logf("refused %s: %v", rel, err)
		case err != nil:
			failed++
			t.Logf("failed %s: %v", rel, err)
		case len(res.Posts) == 0:
			empty++
		default:
			withItems++
			posts += len(res.Posts)
		}
		if err != nil && !strings.Contains(err.Error(), u) {
			t.Errorf("%s: error does not name the URL: %v", rel, err)
		}
		for _, p := range res.Posts {
			checkPost(t, rel, p)
		}
	}
	t.Logf("dataset: %d feeds: %d parsed with items (%d posts), %d valid feeds without items, %d refused as not a feed, %d failed to parse",
		len(files), withItems, posts, empty, notFeed, failed)
	if failed > 0 {
		t.Errorf("%d feeds failed to parse", failed)
	}
}

func checkPost(t *testing.T, name string, p post.Post) {
	t.Helper()
	for field, s := range map[string]string{"Text": p.Text, "Title": p.Title, "HTML": p.HTML, "Author": p.AuthorHandle} {
		if !utf8.ValidString(s) {
			t.Errorf("%s: %s is not valid UTF-8: %q", name, field, s)
		}
	}
	if p.Platform != Platform || p.PublishedAt.IsZero() || p.FetchedAt.IsZero() {
		t.Errorf("%s: incomplete post %+v", name, p)
	}
	if len(p.Raw) > 64<<10 {
		t.Errorf("%s: Raw is %d bytes", name, len(p.Raw))
	}
}
