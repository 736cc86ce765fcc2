package text

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// langSample is one labelled text for language-identification accuracy.
type langSample struct {
	want, text string
}

// datasetsDir returns $FACTDESK_DATASETS or skips the test.
func datasetsDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("FACTDESK_DATASETS")
	if dir == "" {
		tb.Skip("FACTDESK_DATASETS is not set; set it to the shared datasets folder (e.g. /work/shared/datasets) to measure accuracy on real data")
	}
	return dir
}

// udSentences returns the "# text =" lines of the UD Vietnamese-VTB files.
func udSentences(tb testing.TB, dir string) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "ud-vietnamese-vtb", "*.conllu"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no conllu files in %s: %v", dir, err)
	}
	var out []string
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			tb.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if t, ok := strings.CutPrefix(sc.Text(), "# text ="); ok {
				out = append(out, strings.TrimSpace(t))
			}
		}
		if err := sc.Err(); err != nil {
			tb.Fatal(err)
		}
		f.Close()
	}
	return out
}

// vfndLines returns the lines of at least three words of the VFND articles
// and Facebook posts (the text, or maintext, and title fields).
func vfndLines(tb testing.TB, dir string) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "vfnd-vi", "Dataset", "*", "*", "*.json"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no VFND json files in %s: %v", dir, err)
	}
	var out []string
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			tb.Fatalf("%s: %v", name, err)
		}
		body, _ := doc["text"].(string)
		if body == "" {
			body, _ = doc["maintext"].(string)
		}
		title, _ := doc["title"].(string)
		for line := range strings.SplitSeq(title+"\n"+body, "\n") {
			if len(strings.Fields(line)) >= 3 {
				out = append(out, strings.TrimSpace(line))
			}
		}
	}
	return out
}

// checkThatTexts returns the tweets and the verified claims (claim and
// title) of CheckThat! 2020 task 2.
func checkThatTexts(tb testing.TB, dir string) (tweets, claims []string) {
	tb.Helper()
	base := filepath.Join(dir, "checkthat2020-task2-en")
	for _, split := range []string{"train", "dev"} {
		for _, rec := range readTSV(tb, filepath.Join(base, split, "tweets.queries.tsv")) {
			tweets = append(tweets, rec[1])
		}
	}
	for _, rec := range readTSV(tb, filepath.Join(base, "verified_claims.docs.tsv")) {
		claims = append(claims, rec[1:]...)
	}
	return tweets, claims
}

// readTSV reads a tab-separated file with a header row.
func readTSV(tb testing.TB, name string) [][]string {
	tb.Helper()
	f, err := os.Open(name)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	var out [][]string
	for first := true; ; first = false {
		rec, err := r.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			tb.Fatalf("%s: %v", name, err)
		}
		if !first && len(rec) >= 2 {
			out = append(out, rec)
		}
	}
}

// foldAll returns the folded (unaccented, lower-case) form of each text.
func foldAll(texts []string) []string {
	out := make([]string, len(texts))
	for i, t := range texts {
		out[i] = Fold(t)
	}
	return out
}

// firstWords returns the first n space-separated words of each text that
// has at least n.
func firstWords(texts []string, n int) []string {
	var out []string
	for _, t := range texts {
		if f := strings.Fields(t); len(f) >= n {
			out = append(out, strings.Join(f[:n], " "))
		}
	}
	return out
}

// langAccuracy returns the share of texts DetectLang labels want, and up to
// max misses.
func langAccuracy(texts []string, want string, max int) (float64, []string) {
	ok := 0
	var misses []string
	for _, t := range texts {
		if got, _ := DetectLang(t); got == want {
			ok++
		} else if len(misses) < max {
			misses = append(misses, got+": "+t)
		}
	}
	return float64(ok) / float64(len(texts)), misses
}

func TestLangAccuracyOnDatasets(t *testing.T) {
	dir := datasetsDir(t)
	ud := udSentences(t, dir)
	vfnd := vfndLines(t, dir)
	tweets, claims := checkThatTexts(t, dir)
	sets := []struct {
		name, want string
		texts      []string
		min        float64
	}{
		{"vi UD-VTB sentences", "vi", ud, 0.97},
		{"vi VFND lines", "vi", vfnd, 0.97},
		{"en CheckThat tweets", "en", tweets, 0.97},
		{"en CheckThat claims+titles", "en", claims, 0.97},
		{"vi UD-VTB sentences, folded", "vi", foldAll(ud), 0.90},
		{"vi VFND lines, folded", "vi", foldAll(vfnd), 0.90},
		{"en CheckThat tweets, folded", "en", foldAll(tweets), 0.95},
		// Short posts: the first four words only.
		{"vi UD-VTB first 4 words", "vi", firstWords(ud, 4), 0.95},
		{"vi UD-VTB first 4 words, folded", "vi", foldAll(firstWords(ud, 4)), 0.85},
		{"en CheckThat tweets first 4 words", "en", firstWords(tweets, 4), 0.85},
		{"en CheckThat claims first 4 words", "en", firstWords(claims, 4), 0.85},
	}
	showMisses := 0
	if os.Getenv("FACTDESK_LANG_MISSES") != "" {
		showMisses = 15
	}
	for _, set := range sets {
		acc, misses := langAccuracy(set.texts, set.want, showMisses)
		t.Logf("%-30s n=%5d accuracy=%.2f%%", set.name, len(set.texts), 100*acc)
		for _, m := range misses {
			t.Logf("    miss %.160s", m)
		}
		if acc < set.min {
			t.Errorf("%s: accuracy %.2f%% below %.0f%%", set.name, 100*acc, 100*set.min)
		}
	}
}
