package story

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// datasetsDir returns $FACTDESK_DATASETS or skips the test.
func datasetsDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("FACTDESK_DATASETS")
	if dir == "" {
		tb.Skip("FACTDESK_DATASETS is not set; set it to the shared datasets folder (e.g. /work/shared/datasets) to measure on real posts")
	}
	return dir
}

// vfndTexts returns real Vietnamese posts from VFND: article titles, and
// the paragraphs of articles and Facebook posts, of 8 to 120 words.
func vfndTexts(tb testing.TB, dir string) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "vfnd-vi", "Dataset", "*", "*", "*.json"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no VFND files under %s: %v", dir, err)
	}
	slices.Sort(files)
	var out []string
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		var item struct {
			Title string `json:"title"`
			Text  string `json:"text"`
		}
		if err := json.Unmarshal(b, &item); err != nil {
			tb.Fatalf("%s: %v", name, err)
		}
		for _, para := range append([]string{item.Title}, strings.Split(item.Text, "\n")...) {
			para = strings.TrimSpace(para)
			if n := len(strings.Fields(para)); n >= 8 && n <= 120 && para != "None" {
				out = append(out, para)
			}
		}
	}
	return out
}

// checkThatTweets returns the tweets of the CheckThat! 2020 task 2 train
// and dev splits, and for each the id of the fact-checked claim it spreads.
func checkThatTweets(tb testing.TB, dir string) (tweets, claims []string) {
	tb.Helper()
	for _, split := range []string{"train", "dev"} {
		base := filepath.Join(dir, "checkthat2020-task2-en", split)
		claimOf := map[string]string{}
		qrels, err := os.ReadFile(filepath.Join(base, "tweet-vclaim-pairs.qrels"))
		if err != nil {
			tb.Fatal(err)
		}
		for _, line := range strings.Split(string(qrels), "\n") {
			if f := strings.Fields(line); len(f) == 4 && claimOf[f[0]] == "" {
				claimOf[f[0]] = f[2]
			}
		}
		f, err := os.Open(filepath.Join(base, "tweets.queries.tsv"))
		if err != nil {
			tb.Fatal(err)
		}
		r := csv.NewReader(f)
		r.Comma, r.LazyQuotes, r.FieldsPerRecord = '\t', true, -1
		for first := true; ; first = false {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				tb.Fatal(err)
			}
			if first || len(rec) < 2 {
				continue
			}
			tweets = append(tweets, rec[1])
			claims = append(claims, split+":"+claimOf[rec[0]])
		}
		f.Close()
	}
	return tweets, claims
}
