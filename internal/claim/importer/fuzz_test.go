package importer

import (
	"os"
	"path/filepath"
	"testing"
)

// fuzzFormat feeds a parser arbitrary bytes: it must not panic, and every
// record it accepts must be a valid claim with a key.
func fuzzFormat(f *testing.F, format string, seeds ...string) {
	for _, s := range seeds {
		data, err := os.ReadFile(filepath.Join("testdata", s))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := Read(data, format)
		if err != nil {
			return
		}
		for _, r := range recs {
			if r.Err == nil && (r.Claim.Key == "" || r.Claim.Text == "" || r.Claim.Verdict == "") {
				t.Fatalf("accepted an incomplete claim %+v", r.Claim)
			}
		}
	})
}

func FuzzJSONLD(f *testing.F)    { fuzzFormat(f, "jsonld", "review_en.json") }
func FuzzHTML(f *testing.F)      { fuzzFormat(f, "html", "review_vi.html") }
func FuzzGoogle(f *testing.F)    { fuzzFormat(f, "google", "google.json") }
func FuzzJSONL(f *testing.F)     { fuzzFormat(f, "jsonl", "claims.jsonl") }
func FuzzCSV(f *testing.F)       { fuzzFormat(f, "csv", "claims.csv") }
func FuzzCheckThat(f *testing.F) { fuzzFormat(f, "checkthat", "checkthat.tsv") }

func BenchmarkCheckThat(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "checkthat.tsv"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Read(data, "checkthat"); err != nil {
			b.Fatal(err)
		}
	}
}
