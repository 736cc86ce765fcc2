package signal

import (
	"testing"
	"time"
)

func TestExplain(t *testing.T) {
	b := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		d      Details
		en, vi string
	}{
		{Details{Story: 12, Count: 48, Sources: 12, Expected: 3.2, StdDev: 1.9, BucketStart: b, BucketMinutes: 10},
			"story 12: 48 posts from 12 sources in the last 10 min; usually 3 ± 2",
			"chuỗi tin 12: 48 bài từ 12 nguồn trong 10 phút qua; thường 3 ± 2"},
		{Details{Story: 7, New: true, Count: 9, Sources: 1, BucketMinutes: 60},
			"new story 7: 9 posts from 1 source in the last 1 h; no posts before",
			"chuỗi tin mới 7: 9 bài từ 1 nguồn trong 1 giờ qua; trước đó chưa có bài nào"},
		{Details{Term: "thuy dien", Story: 4, Count: 20, Sources: 9, Expected: 0.2, BucketMinutes: 10},
			`term "thuy dien" (mostly story 4): 20 posts from 9 sources in the last 10 min; usually none`,
			"từ khóa «thuy dien» (chủ yếu chuỗi tin 4): 20 bài từ 9 nguồn trong 10 phút qua; thường không có bài nào"},
		{Details{Term: "vaccine", Count: 30, Sources: 20, Expected: 0.7, StdDev: 0.84, BucketMinutes: 10},
			`term "vaccine": 30 posts from 20 sources in the last 10 min; usually 0.7 ± 1`, ""},
	} {
		if got := Explain(c.d, "en"); got != c.en {
			t.Errorf("en: %q\nwant %q", got, c.en)
		}
		if got := Explain(c.d, "vi"); c.vi != "" && got != c.vi {
			t.Errorf("vi: %q\nwant %q", got, c.vi)
		}
	}
}

func TestKeys(t *testing.T) {
	for _, k := range []Key{StoryKey(12), TermKey("thuy dien"), TermKey("#tingia")} {
		if got, ok := ParseKey(k.String()); !ok || got != k {
			t.Errorf("ParseKey(%q) = %v %v", k.String(), got, ok)
		}
	}
	for _, s := range []string{"story:x", "term:", "claim:3"} {
		if _, ok := ParseKey(s); ok {
			t.Errorf("ParseKey(%q) accepted", s)
		}
	}
	if SourceKey(3, "") != 3 || SourceKey(3, "@A") != SourceKey(3, " @a ") || SourceKey(3, "@a") == SourceKey(4, "@a") {
		t.Error("SourceKey")
	}
}
