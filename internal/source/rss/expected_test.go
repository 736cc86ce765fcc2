package rss

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// TestDatasetMatchesRSSParser compares item counts and titles with the
// expected output that rss-parser recorded for each real feed.
func TestDatasetMatchesRSSParser(t *testing.T) {
	dir := filepath.Join(datasetDir(t), "rss-parser")
	inputs, err := filepath.Glob(filepath.Join(dir, "input", "*"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	compared := 0
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))
		want, ok := expectedItems(t, filepath.Join(dir, "output", name+".json"))
		body, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		posts, err := Parse(body, "", "https://feeds.example/"+filepath.Base(in), now)
		if !ok {
			if err == nil {
				t.Logf("%s: no expected output; parsed %d posts", name, len(posts))
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(posts) != len(want) {
			t.Errorf("%s: %d posts, want %d", name, len(posts), len(want))
			continue
		}
		for i, w := range want {
			if w.Title != "" && collapseWS(posts[i].Title) != collapseWS(w.Title) {
				t.Errorf("%s item %d: title %q, want %q", name, i, posts[i].Title, w.Title)
			}
		}
		compared++
	}
	t.Logf("compared %d feeds with rss-parser's expected output", compared)
}

type expectedItem struct {
	Title string `json:"title"`
}

func expectedItems(t *testing.T, path string) ([]expectedItem, bool) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, false
	}
	if !utf8.Valid(b) { // output/encoding.json is itself Latin-1
		if b, err = charmap.ISO8859_1.NewDecoder().Bytes(b); err != nil {
			t.Fatal(err)
		}
	}
	var out struct {
		Feed struct {
			Items []expectedItem `json:"items"`
		} `json:"feed"`
	}
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out.Feed.Items, true
}

func collapseWS(s string) string { return strings.Join(strings.Fields(s), " ") }
