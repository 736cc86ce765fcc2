package vieval

import (
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
