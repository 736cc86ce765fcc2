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
		"Cập nhật mưa lũ Quảng Trị: trời âm u cả ngày",
	} {
		if got := ix.Match(post, Options{K: 1}); len(got) > 0 && got[0].Score >= cfg.SuggestThreshold {
			t.Errorf("%q matches claim %d at %.2f", post, got[0].ClaimID, got[0].Score)
		}
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
