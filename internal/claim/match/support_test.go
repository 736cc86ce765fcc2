package match

import (
	"testing"

	"github.com/factdesk/factdesk/internal/claim"
)

// A small Vietnamese library: the best candidate of an unrelated post must
// not look like a match just because it is the best there is.
func TestUnrelatedPostsDoNotMatch(t *testing.T) {
	ix := New(Config{})
	for i, text := range []string{
		"Ăn tỏi sống mỗi ngày giúp phòng ngừa hoàn toàn virus corona",
		"Uống nước muối ấm mỗi sáng phòng được cúm A",
		"Đập thủy điện Hòa Bình bị vỡ đêm qua",
		"Giá xăng tăng gấp đôi từ ngày mai",
		"Mưa lũ ở Quảng Trị đã cuốn trôi cả một ngôi làng",
		"Sân bay Đà Nẵng bị ngập hoàn toàn",
	} {
		ix.Upsert(claim.Claim{ID: int64(i + 1), Text: text, Verdict: "false", Lang: "vi"})
	}
	cfg := ix.Config()
	for _, post := range []string{
		"Hôm nay trời đẹp, đi chơi thôi",
		"Giá xăng hôm nay giảm nhẹ",
	} {
		if got := ix.Match(post, Options{K: 1}); len(got) > 0 && got[0].Score >= cfg.SuggestThreshold {
			t.Errorf("%q matches claim %d at %.2f", post, got[0].ClaimID, got[0].Score)
		}
	}
	// The same topic and place, not the claim: "trời" (sky) is not the
	// claim's "trôi" (swept away). At most a suggestion, never an alert.
	post := "Cập nhật mưa lũ Quảng Trị: trời âm u cả ngày"
	if got := ix.Match(post, Options{K: 1}); len(got) > 0 && got[0].Score >= cfg.AlertThreshold {
		t.Errorf("%q matches claim %d at %.2f", post, got[0].ClaimID, got[0].Score)
	}
	for post, want := range map[string]int64{
		"Nghe nói ăn tỏi sống mỗi ngày giúp phòng ngừa hoàn toàn virus corona, thật không?": 1,
		"an toi song moi ngay giup phong ngua hoan toan virus corona":                       1,
		"Sân bay Đà Nẵng ngập hoàn toàn sau mưa lớn":                                        6,
	} {
		got := ix.Match(post, Options{K: 1})
		if len(got) == 0 || got[0].ClaimID != want || got[0].Score < cfg.AlertThreshold {
			t.Errorf("%q: %+v, want claim %d above the alert threshold", post, got, want)
		}
	}
}

// A post written with its diacritics scores as well as the same post
// typed without them: its accented words that the claim does not have
// ("nghe", "dân", "bếp") say nothing against the match.
func TestAccentedPostScoresLikeUnaccented(t *testing.T) {
	ix := New(Config{})
	ix.Upsert(claim.Claim{ID: 1, Text: "Nhật Bản cấm lò vi sóng từ cuối năm 2019", Verdict: "false", Lang: "vi"})
	ix.Upsert(claim.Claim{ID: 2, Text: "Mưa lũ ở Quảng Trị đã cuốn trôi cả một ngôi làng", Verdict: "false", Lang: "vi"})
	accented := "Nghe nói Nhật Bản cấm lò vi sóng từ cuối năm 2019, người dân hoang mang không biết phải làm gì với chiếc lò trong bếp nhà mình"
	plain := "Nghe noi Nhat Ban cam lo vi song tu cuoi nam 2019, nguoi dan hoang mang khong biet phai lam gi voi chiec lo trong bep nha minh"
	a, p := ix.Match(accented, Options{K: 1}), ix.Match(plain, Options{K: 1})
	if len(a) == 0 || len(p) == 0 || a[0].ClaimID != 1 || p[0].ClaimID != 1 {
		t.Fatalf("accented %+v, plain %+v: want claim 1 for both", a, p)
	}
	if a[0].Score < ix.Config().AlertThreshold || a[0].Score < p[0].Score-0.01 {
		t.Errorf("accented post scores %.3f, unaccented %.3f: want at least the alert threshold and the unaccented score", a[0].Score, p[0].Score)
	}
	// Written with accents that differ from the claim's, the same words
	// are other words: "cấm lò" is not "cầm lô".
	wrong := "Nghe nói Nhật Bàn cầm lô vì sông tù cưới nằm 2019"
	if w := ix.Match(wrong, Options{K: 1}); len(w) > 0 && w[0].Score >= ix.Config().SuggestThreshold {
		t.Errorf("%q matches claim %d at %.2f", wrong, w[0].ClaimID, w[0].Score)
	}
}
