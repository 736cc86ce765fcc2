package importer

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/claim"
)

func readFixture(t *testing.T, name, format string) []Record {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if format == "" {
		format = Detect(name, data)
	}
	recs, err := Read(data, format)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return recs
}

// split separates good claims from the reasons of refused records.
func split(recs []Record) (good []claim.Claim, bad []string) {
	for _, r := range recs {
		if r.Err != nil {
			bad = append(bad, r.Where()+": "+r.Err.Error())
		} else {
			good = append(good, r.Claim)
		}
	}
	return good, bad
}

func TestHTMLClaimReview(t *testing.T) {
	recs := readFixture(t, "review_vi.html", "")
	good, bad := split(recs)
	if len(recs) != 4 || len(good) != 3 || len(bad) != 1 || !strings.Contains(bad[0], `unknown rating wording "Châm biếm"`) || recs[3].Line != 37 {
		t.Fatalf("records %d, good %d, bad %v, line %d", len(recs), len(good), bad, recs[3].Line)
	}
	c := good[0]
	want := claim.Claim{Key: "https://kiemchung.example.vn/nuoc-chanh", Text: "Uống nước chanh nóng mỗi sáng chữa khỏi ung thư",
		Title: "Nước chanh nóng không chữa khỏi ung thư", Claimant: "Một trang mạng xã hội", ClaimDate: time.Date(2026, 2, 27, 0, 0, 0, 0, time.UTC),
		Appearances: []string{"https://social.example/posts/123", "https://social.example/posts/456"}, Verdict: claim.False,
		RatingText: "Sai sự thật", ReviewURL: "https://kiemchung.example.vn/nuoc-chanh", Publisher: "Trang Kiểm Chứng", Lang: "vi",
		ReviewDate: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), Tags: []string{"sức khỏe", "ung thư"}}
	if !claim.SameContent(c, want) || recs[0].Line != 8 {
		t.Fatalf("got  %+v (line %d)\nwant %+v", c, recs[0].Line, want)
	}
	// Two claims reviewed on one page get keys of their own.
	if good[1].Verdict != claim.MissingContext || good[2].Verdict != claim.Unproven || good[1].Key == good[2].Key ||
		!strings.HasPrefix(good[1].Key, "https://kiemchung.example.vn/tong-hop#claim-") || good[1].ReviewURL != "https://kiemchung.example.vn/tong-hop" {
		t.Fatalf("shared page: %+v\n%+v", good[1], good[2])
	}
}

func TestJSONLDFile(t *testing.T) {
	good, bad := split(readFixture(t, "review_en.json", ""))
	if len(good) != 1 || len(bad) != 0 {
		t.Fatalf("%v %v", good, bad)
	}
	c := good[0]
	// The wording is unknown, but ratingValue 2 of 1..5 maps.
	if c.Verdict != claim.Misleading || c.RatingText != "Exaggerated nonsense" || c.Title != "No, 5G towers do not spread viruses" ||
		c.Publisher != "Example Fact Check" || c.Claimant != "A viral post" || c.Summary != "Radio waves cannot carry a virus." ||
		!c.ReviewDate.Equal(time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC)) || c.Lang != "en" {
		t.Fatalf("%+v", c)
	}
	recs, err := Read([]byte(`{"@type":"ClaimReview","claimReviewed":"x","reviewRating":{"ratingValue":9}}`), "jsonld")
	if err != nil || len(recs) != 1 || recs[0].Err == nil || recs[0].Where() != "record 1" {
		t.Fatalf("out of scale: %+v %v", recs, err)
	}
	if _, err := Read([]byte(`{`), "jsonld"); err == nil {
		t.Fatal("broken JSON read")
	}
}

func TestGoogle(t *testing.T) {
	good, bad := split(readFixture(t, "google.json", ""))
	if len(good) != 2 || len(bad) != 1 || !strings.Contains(bad[0], `"Four Pinocchios"`) {
		t.Fatalf("good %d bad %v", len(good), bad)
	}
	en, vi := good[0], good[1]
	if en.Text != "Drinking hot water kills the virus" || en.Verdict != claim.False || en.Publisher != "Example Fact Check" ||
		en.Claimant != "Social media users" || !en.ClaimDate.Equal(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)) || en.Lang != "en" ||
		en.Key != "https://factcheck.example.org/hot-water" {
		t.Fatalf("en %+v", en)
	}
	if vi.Verdict != claim.False || vi.Publisher != "kiemchung.example.vn" || vi.Lang != "vi" || vi.Title != "Nước nóng không diệt virus" {
		t.Fatalf("vi %+v", vi)
	}
}

func TestJSONL(t *testing.T) {
	recs := readFixture(t, "claims.jsonl", "")
	good, bad := split(recs)
	if len(good) != 2 || len(bad) != 3 || !strings.HasPrefix(bad[0], "line 3: not a JSON object") ||
		!strings.HasPrefix(bad[1], "line 4: text") || !strings.Contains(bad[2], `claim_date: cannot read the date "yesterday"`) {
		t.Fatalf("bad %q", bad)
	}
	if good[0].Verdict != claim.True || !slices.Equal(good[0].Tags, []string{"flood"}) || good[1].Verdict != claim.Misleading ||
		good[1].Key != "https://kiemchung.example.vn/gia-xang" || good[1].Lang != "vi" || len(good[1].Appearances) != 1 {
		t.Fatalf("%+v", good)
	}
}

func TestCSV(t *testing.T) {
	good, bad := split(readFixture(t, "claims.csv", ""))
	if len(good) != 2 || len(bad) != 1 || !strings.HasPrefix(bad[0], "line 4: verdict") {
		t.Fatalf("good %+v bad %q", good, bad)
	}
	if good[0].Verdict != claim.Unproven || !slices.Equal(good[0].Tags, []string{"giáo dục", "dịch bệnh"}) || len(good[0].Appearances) != 2 ||
		good[1].Text != `The bridge was closed, "for good"` || good[1].Verdict != claim.MissingContext {
		t.Fatalf("%+v", good)
	}
}

func TestCheckThat(t *testing.T) {
	recs := readFixture(t, "checkthat.tsv", "")
	good, bad := split(recs)
	if len(good) != 2 || len(bad) != 1 || !strings.HasPrefix(bad[0], "line 5: text") {
		t.Fatalf("good %+v bad %q", good, bad)
	}
	if good[0].Key != "checkthat:0" || good[0].Title != "Is the Moon Made of Cheese?" || good[0].Verdict != claim.Unproven ||
		good[1].Key != "checkthat:1" || good[1].Text != "A claim across two lines" || recs[1].Line != 3 {
		t.Fatalf("%+v", good)
	}
}

// TestCheckThatDataset reads the whole verified-claims file when
// FACTDESK_DATASETS names the datasets folder.
func TestCheckThatDataset(t *testing.T) {
	dir := os.Getenv("FACTDESK_DATASETS")
	if dir == "" {
		t.Skip("set FACTDESK_DATASETS to the datasets folder to read the CheckThat! claims")
	}
	data, err := os.ReadFile(filepath.Join(dir, "checkthat2020-task2-en", "verified_claims.docs.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := Read(data, Detect("verified_claims.docs.tsv", data))
	if err != nil {
		t.Fatal(err)
	}
	good, bad := split(recs)
	keys := map[string]bool{}
	for _, c := range good {
		keys[c.Key] = true
	}
	t.Logf("%d claims, %d refused: %q", len(good), len(bad), bad)
	if len(recs) != 10375 || len(good) < 10370 || len(keys) != len(good) {
		t.Fatalf("%d records, %d good, %d keys", len(recs), len(good), len(keys))
	}
}

func TestDetect(t *testing.T) {
	for _, c := range []struct{ name, head, want string }{
		{"a.html", "", "html"}, {"a.tsv", "", "checkthat"}, {"a.csv", "", "csv"}, {"a.jsonl", "", "jsonl"},
		{"a.json", `{"claims":[{"claimReview":[]}]}`, "google"}, {"a.json", `[{"@type":"ClaimReview"}]`, "jsonld"},
		{"x", "<!doctype html>", "html"}, {"x", `{"text":"a","verdict":"true"}` + "\n{}", "jsonl"}, {"x", "\tvclaim\ttitle\n", "checkthat"},
		{"x", "text,verdict\n", "csv"},
	} {
		if got := Detect(c.name, []byte(c.head)); got != c.want {
			t.Errorf("Detect(%q, %q) = %q, want %q", c.name, c.head, got, c.want)
		}
	}
	if _, err := Read(nil, "xml"); err == nil {
		t.Fatal("unknown format read")
	}
}
