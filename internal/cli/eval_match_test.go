package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// checkThatFiles writes a tiny CheckThat! task 2 set: claims, queries, qrels.
func checkThatFiles(t *testing.T) (claims, queries, qrels string) {
	dir := t.TempDir()
	claims, queries, qrels = filepath.Join(dir, "claims.tsv"), filepath.Join(dir, "queries.tsv"), filepath.Join(dir, "qrels")
	files := map[string]string{
		claims: "\tvclaim\ttitle\n" +
			"0\tThe president was seen without his toupee at the rally.\tDid the President Lose His Toupee?\n" +
			"1\t\"A photo shows a shark swimming on a flooded highway\nafter the hurricane.\"\tShark on the Highway?\n" +
			"2\tThe president was seen during a storm at the rally.\tPresident in the Storm\n",
		queries: "\ttweet_content\n" +
			"10\tLook: a shark on the flooded highway after the hurricane! pic.twitter.com/x — Someone (@someone) August 28, 2019\n" +
			"11\tThe president at the rally, forgot his wig?\n",
		qrels: "10 0 1 1\n11 0 0 1\n",
	}
	for name, body := range files {
		if err := os.WriteFile(name, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return claims, queries, qrels
}

func TestEvalMatch(t *testing.T) {
	claims, queries, qrels := checkThatFiles(t)
	run := filepath.Join(t.TempDir(), "run.txt")
	out, errs, code := runCLI(t, "eval", "match", "--claims", claims, "--queries", queries, "--qrels", qrels, "--run", run, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got struct {
		Claims int                `json:"claims"`
		Scores map[string]float64 `json:"scores"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	// The shark post finds its claim first; nothing lexical tells the wig
	// post's claim (the toupee) from the storm one, and it ranks second.
	if got.Claims != 3 || got.Scores["queries"] != 2 || got.Scores["map@1"] != 0.5 || got.Scores["map@5"] != 0.75 || got.Scores["recall@5"] != 1 {
		t.Fatalf("output %+v", got)
	}
	b, err := os.ReadFile(run)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "10\tQ0\t1\t1\t") || !strings.HasSuffix(lines[0], "\tfactdesk") {
		t.Fatalf("run file:\n%s", b)
	}
}

func TestEvalMatchEmbeddings(t *testing.T) {
	claims, queries, qrels := checkThatFiles(t)
	var calls atomic.Int64
	srv := embeddingsServer(t, "mini", &calls, func(s string) []float32 { // one dimension: hair, one: weather
		s = strings.ToLower(s)
		v := []float32{0.1, 0.1}
		if strings.Contains(s, "wig") || strings.Contains(s, "toupee") {
			v[0] = 1
		}
		if strings.Contains(s, "storm") || strings.Contains(s, "flood") {
			v[1] = 1
		}
		return v
	})
	out, errs, code := runCLI(t, "eval", "match", "--claims", claims, "--queries", queries, "--qrels", qrels,
		"--embeddings-url", srv.URL, "--embeddings-model", "mini", "--json")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got struct {
		Scores map[string]float64 `json:"scores"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Scores["map@1"] != 1 || calls.Load() != 2 {
		t.Fatalf("with embeddings: %+v after %d calls, want every query right, one call per query", got.Scores, calls.Load())
	}

	srv.Close()
	_, errs, code = runCLI(t, "eval", "match", "--claims", claims, "--queries", queries, "--qrels", qrels, "--embeddings-url", srv.URL)
	if code != 0 || !strings.Contains(errs, "embeddings endpoint failed for 2 of 2 queries") {
		t.Fatalf("endpoint down: exit %d, %q; want lexical results and a warning", code, errs)
	}
	_, errs, code = runCLI(t, "eval", "match", "--claims", claims, "--queries", queries, "--embeddings-url", "localhost:11434")
	if code != 2 || !strings.Contains(errs, "--embeddings-url") {
		t.Fatalf("bad URL: exit %d, %q", code, errs)
	}
}
