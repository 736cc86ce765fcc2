package vieval

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/claim/match"
	"github.com/factdesk/factdesk/internal/text"
)

func TestStripDiacritics(t *testing.T) {
	for in, want := range map[string]string{
		"Đà Nẵng cấm xe máy":     "Da Nang cam xe may",
		"Thủ tướng xin lỗi":      "Thu tuong xin loi",
		"ĐƯỜNG đi":               "DUONG di",
		"Covid-19 ở TP.HCM!":     "Covid-19 o TP.HCM!",
		"nu\u0301i (decomposed)": "nui (decomposed)",
	} {
		if got := StripDiacritics(in); got != want {
			t.Errorf("StripDiacritics(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAddTypos(t *testing.T) {
	s := "Thủ tướng Nhật Bản công khai gửi lời xin lỗi tới toàn bộ người dân vì tinh thần thi đấu"
	a, b := AddTypos(s, rng("q1")), AddTypos(s, rng("q1"))
	if a != b {
		t.Fatalf("not deterministic: %q, %q", a, b)
	}
	if a == s || !norm.NFC.IsNormalString(a) {
		t.Fatalf("AddTypos(%q) = %q: want a changed NFC string", s, a)
	}
	in, out := strings.Fields(s), strings.Fields(a)
	changed := 0
	for i := range in {
		if i < len(out) && in[i] != out[i] {
			changed++
		}
	}
	if len(in) != len(out) || changed < 1 || changed > 3 {
		t.Fatalf("AddTypos(%q) = %q: want 1 to 3 words changed, the count kept", s, a)
	}
	// a tone typo keeps the vowel's other marks: ệ becomes ế, ề, ể, ễ or ê
	r := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		w := typo("Việt", r)
		if text.Fold(w) == "viet" && (len([]rune(w)) != 4 || !strings.ContainsRune(norm.NFD.String(w), 0x0302)) {
			t.Fatalf("typo(Việt) = %q: a tone change must keep ê and compose", w)
		}
	}
}

func TestQuerySentence(t *testing.T) {
	claim := "Nhật Bản cấm lò vi sóng từ cuối năm 2019"
	body := "Thông tin này lan truyền trên mạng xã hội từ tuần trước. " +
		"Nhật Bản cấm lò vi sóng từ cuối năm 2019, theo bài đăng. " +
		"Nhiều người chia sẻ rằng chính phủ Nhật Bản sẽ cấm dùng lò vi sóng trong nhà. " +
		"Bộ Y tế chưa có ý kiến."
	got := querySentence(claim, body)
	want := "Nhiều người chia sẻ rằng chính phủ Nhật Bản sẽ cấm dùng lò vi sóng trong nhà."
	if got != want {
		t.Fatalf("querySentence = %q, want %q (the sentence copying the claim is skipped)", got, want)
	}
	if got := querySentence("Cơ trưởng đeo khăn quàng quẩy banh nóc sân khấu trường",
		"Nhiều em học sinh phải lội bùn, băng rừng để đến trường trong hoàn cảnh khó khăn."); got != "" {
		t.Fatalf("querySentence of an unrelated body = %q, want none", got)
	}
}

func TestSocialShare(t *testing.T) {
	s := "Sáng 19/6, Thủ tướng Nhật Bản Shinzo Abe công khai gửi lời xin lỗi tới Nhật hoàng và toàn bộ người dân."
	got := socialShare(s, rng("x.social"))
	if !strings.Contains(got, "Sáng 19/6, Thủ tướng Nhật Bản Shinzo Abe công khai gửi lời...") || !strings.Contains(got, " #") {
		t.Fatalf("socialShare = %q", got)
	}
}

// vfnd returns the VFND folder or skips the test.
func vfnd(t testing.TB) string {
	dir := os.Getenv("FACTDESK_DATASETS")
	if dir == "" {
		t.Skip("FACTDESK_DATASETS is unset: set it to the shared datasets folder (e.g. /work/shared/datasets) to run on VFND")
	}
	return filepath.Join(dir, "vfnd-vi")
}

func TestBuildIsDeterministicAndRoundTrips(t *testing.T) {
	dir := vfnd(t)
	a, err := Build(dir)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Build(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two builds differ")
	}
	out := t.TempDir()
	if err := a.Write(out); err != nil {
		t.Fatal(err)
	}
	cs := readBack(t, out, a)
	for i, c := range cs {
		if c.ID != a.Claims[i].ID || c.Text != a.Claims[i].Text {
			t.Fatalf("claim %d read back as %d %q, written %d %q", i, c.ID, c.Text, a.Claims[i].ID, a.Claims[i].Text)
		}
	}
	t.Logf("%d items: %d claims (%d merged, %d with a related claim of the same story), %d queries (%d items gave none)",
		a.Items, len(a.Claims), a.Merged, len(a.Related), len(a.Queries), a.Skipped)
}

// readBack reads the written files with the match package's readers, as
// `factdesk eval match` does, and checks queries and qrels survived.
func readBack(t *testing.T, dir string, s *Set) []claim.Claim {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "verified_claims.docs.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cs, err := match.ReadCheckThatClaims(f)
	if err != nil {
		t.Fatal(err)
	}
	g, err := os.Open(filepath.Join(dir, "all", "tweets.queries.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	qs, err := match.ReadQueries(g)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(qs, s.Queries) {
		t.Fatal("queries read back differ from those written")
	}
	h, err := os.Open(filepath.Join(dir, "all", "tweet-vclaim-pairs.qrels"))
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	qr, err := match.ReadQrels(h)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(qr, s.Qrels) {
		t.Fatal("qrels read back differ from those written")
	}
	return cs
}

// TestVietnameseMatching scores the matcher on the VFND evaluation per
// query form, with the claims indexed as Vietnamese (as the product
// imports them with their language) and the queries' language detected
// (as `factdesk eval match` and the pipeline's unlabelled posts do), then
// as `factdesk eval match` reads the files back.
func TestVietnameseMatching(t *testing.T) {
	s, err := Build(vfnd(t))
	if err != nil {
		t.Fatal(err)
	}
	ix := match.New(match.Config{})
	for _, c := range s.Claims {
		ix.Upsert(c)
	}
	reports := Measure(ix, s, match.Options{K: 5})
	logReports(t, "claims indexed as vi", reports)
	// Floors well below the measured figures (see docs/claims.md): they
	// fail when Vietnamese matching breaks (folding, tokenisation), not on
	// small changes of the weights.
	// Measured at e1f6881: MAP@5 0.92 written, 0.90 without diacritics,
	// 0.92 with typos, 0.61 social; suggestions for 19% and 43% of the
	// written and unaccented queries; at most 4.5% false suggestions.
	floor := map[string]float64{Written: 0.7, NoDiacritics: 0.7, Typos: 0.7, Social: 0.4}
	for _, r := range reports {
		if r.Scores.MAP5 < floor[r.Form] {
			t.Errorf("%s: MAP@5 %.4f, want at least %.2f", r.Form, r.Scores.MAP5, floor[r.Form])
		}
		if r.Absent[0] > 0.15 || r.Rival[0] > 0.15 {
			t.Errorf("%s: false suggestions for %.2f of the queries with their claim in the library, %.2f without it; want at most 0.15",
				r.Form, r.Rival[0], r.Absent[0])
		}
	}
	for _, r := range reports[:2] {
		if r.Gold[0] < 0.08 {
			t.Errorf("%s: %.2f of the queries' claims score at least the suggestion threshold, want at least 0.08", r.Form, r.Gold[0])
		}
	}

	// The CLI path: the files read back by match.ReadCheckThatClaims,
	// which leaves each claim's language to the index to detect, so the
	// figures must equal those above.
	out := t.TempDir()
	if err := s.Write(out); err != nil {
		t.Fatal(err)
	}
	cli := match.New(match.Config{})
	for _, c := range readBack(t, out, s) {
		cli.Upsert(c)
	}
	back := Measure(cli, s, match.Options{K: 5})
	logReports(t, "claims read back as eval match does", back)
	for i, r := range back {
		if math.Abs(r.Scores.MAP5-reports[i].Scores.MAP5) > 0.0005 {
			t.Errorf("%s: MAP@5 %.4f read back as eval match does, %.4f indexed as vi: the CLI analyses the claims in another language", r.Form, r.Scores.MAP5, reports[i].Scores.MAP5)
		}
	}
}

func logReports(t *testing.T, what string, rs []Report) {
	t.Helper()
	t.Logf("%s: form    queries  MAP@1  MAP@5  R@5   story@1 | gold>=0.5 >=0.8 | rival>=0.5 >=0.8 | absent>=0.5 >=0.8", what)
	for _, r := range rs {
		t.Logf("%-8s %4d  %.4f %.4f %.4f %.4f | %.3f %.3f | %.3f %.3f | %.3f %.3f", r.Form, r.Scores.Queries,
			r.Scores.MAP1, r.Scores.MAP5, r.Scores.Recall5, r.Story1, r.Gold[0], r.Gold[1], r.Rival[0], r.Rival[1], r.Absent[0], r.Absent[1])
	}
}
