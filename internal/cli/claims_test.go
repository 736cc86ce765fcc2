package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestClaimsImportListShow(t *testing.T) {
	dir := t.TempDir()
	fixtures := "../claim/importer/testdata/"
	files := []string{fixtures + "review_vi.html", fixtures + "google.json", fixtures + "claims.jsonl", fixtures + "claims.csv", fixtures + "checkthat.tsv"}
	out, errs, code := runCLI(t, append([]string{"--data", dir, "claims", "import"}, files...)...)
	if code != 0 || out != "imported 11, updated 0, unchanged 0, rejected 7\n" {
		t.Fatalf("exit %d: %q\n%s", code, out, errs)
	}
	for _, want := range []string{"review_vi.html:37: rejected: reviewRating: unknown rating wording \"Châm biếm\"",
		"google.json:record 3: rejected: textualRating", "claims.jsonl:3: rejected: not a JSON object"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	out, _, code = runCLI(t, append([]string{"--data", dir, "claims", "import", "--json"}, files...)...)
	var sum map[string]int
	if err := json.Unmarshal([]byte(out), &sum); err != nil || code != 0 || sum["imported"] != 0 || sum["unchanged"] != 11 || sum["rejected"] != 7 {
		t.Fatalf("again (%d): %s", code, out)
	}

	out, _, code = runCLI(t, "--data", dir, "claims", "list", "--verdict", "false", "--lang", "vi", "--json")
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); err != nil || code != 0 || len(list) != 2 {
		t.Fatalf("list (%d): %s", code, out)
	}
	out, _, _ = runCLI(t, "--data", dir, "claims", "list", "--query", "nuoc chanh")
	if !strings.Contains(out, "Uống nước chanh nóng") || strings.Count(out, "\n") != 2 {
		t.Fatalf("query list:\n%s", out)
	}
	out, _, code = runCLI(t, "--data", dir, "claims", "show", "1")
	if code != 0 || !strings.Contains(out, "Sai sự thật") || !strings.Contains(out, "https://social.example/posts/123") {
		t.Fatalf("show (%d):\n%s", code, out)
	}
	out, _, _ = runCLI(t, "--data", dir, "claims", "show", "1", "--json")
	var c map[string]any
	if err := json.Unmarshal([]byte(out), &c); err != nil || c["verdict"] != "false" || c["key"] != "https://kiemchung.example.vn/nuoc-chanh" {
		t.Fatalf("show json: %s", out)
	}
	for _, args := range [][]string{{"show", "x"}, {"show"}, {"list", "--verdict", "fake"}, {"import"}, {"import", "--format", "xml", "a"}} {
		if _, _, code := runCLI(t, append([]string{"--data", dir, "claims"}, args...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if _, errs, code := runCLI(t, "--data", dir, "claims", "show", "999"); code != 1 || !strings.Contains(errs, "not found") {
		t.Errorf("missing claim: %d %s", code, errs)
	}
}
