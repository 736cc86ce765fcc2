package story

import (
	"fmt"
	"sync"
	"testing"

	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/text"
)

func newTestIndex(t testing.TB) *Index {
	t.Helper()
	ix, err := NewIndex(Config{})
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func mkPost(id int64, s string) post.Post {
	return post.Post{ID: id, Text: s, ContentHash: text.ContentHash("\n" + s)}
}

const rumour = "Thông tin lan truyền rằng uống nước chanh ấm mỗi sáng có thể chữa khỏi ung thư là hoàn toàn sai sự thật, Bộ Y tế khẳng định."

func TestLightEditsJoin(t *testing.T) {
	ix := newTestIndex(t)
	first, isNew := ix.Assign(mkPost(1, rumour))
	if first != 1 || !isNew {
		t.Fatalf("first post: story %d, new %v", first, isNew)
	}
	for i, v := range []string{
		"THÔNG TIN LAN TRUYỀN RẰNG UỐNG NƯỚC CHANH ẤM MỖI SÁNG CÓ THỂ CHỮA KHỎI UNG THƯ LÀ HOÀN TOÀN SAI SỰ THẬT, BỘ Y TẾ KHẲNG ĐỊNH.",
		"Thong tin lan truyen rang uong nuoc chanh am moi sang co the chua khoi ung thu la hoan toan sai su that, Bo Y te khang dinh",
		"#tingia #canhbao Thông tin lan truyền rằng uống nước chanh ấm mỗi sáng có thể chữa khỏi ung thư là hoàn toàn sai sự thật!!!",
		"Thông tin lan truyền rằng uống nước chanh nóng mỗi sáng có thể chữa khỏi ung thư là hoàn toàn sai sự thật, Bộ Y tế khẳng định. https://t.co/abc123",
	} {
		if got, isNew := ix.Assign(mkPost(int64(i+2), v)); got != first || isNew {
			t.Errorf("variant %d: story %d (new %v), want %d", i, got, isNew, first)
		}
	}
	other := "Cảnh báo: xuất hiện nhóm lừa đảo giả danh nhân viên điện lực gọi điện yêu cầu người dân chuyển khoản để tránh bị cắt điện."
	if got, isNew := ix.Assign(mkPost(10, other)); got != 10 || !isNew {
		t.Errorf("unrelated post joined story %d", got)
	}
}

func TestExactDuplicatesJoin(t *testing.T) {
	ix := newTestIndex(t)
	a := post.Post{ID: 1, Text: "Lũ lên nhanh.", ContentHash: text.ContentHash("\nLũ lên nhanh.")}
	ix.Assign(a)
	// Same content hash (white space and case differ): joins directly.
	b := post.Post{ID: 2, Text: "LŨ  lên nhanh.", ContentHash: text.ContentHash("\nLŨ  lên nhanh.")}
	fp := FingerprintOf(&b)
	if pl := ix.Place(2, &fp); pl.StoryID != 1 || pl.Reason != ReasonExact {
		t.Fatalf("exact duplicate: %+v", pl)
	}
	// Posts of no words at all cluster only when they are equal.
	e1, e2, e3 := mkPost(3, "🔥🔥🔥"), mkPost(4, "🔥🔥🔥"), mkPost(5, "😂")
	s1, _ := ix.Assign(e1)
	if s2, _ := ix.Assign(e2); s2 != s1 {
		t.Fatal("equal emoji posts split")
	}
	if s3, _ := ix.Assign(e3); s3 == s1 {
		t.Fatal("different emoji posts joined")
	}
}

func TestURLJoins(t *testing.T) {
	ix := newTestIndex(t)
	a := post.Post{ID: 1, URL: "https://example.org/a", Text: "Cầu Long Biên tạm cấm xe máy từ tối nay để sửa chữa mặt cầu."}
	b := post.Post{ID: 2, URL: "https://example.org/a", Text: "Hanoi closes a historic bridge to motorbikes for two weeks of repairs."}
	c := post.Post{ID: 3, URL: "https://example.org/c", Text: b.Text + " Update."}
	ix.Assign(a)
	fp := FingerprintOf(&b)
	if pl := ix.Place(b.ID, &fp); pl.StoryID != 1 || pl.Reason != ReasonURL {
		t.Fatalf("same URL: %+v", pl)
	}
	// b became a representative (it is unlike a), so a post like b joins too.
	fp = FingerprintOf(&c)
	if pl := ix.Place(c.ID, &fp); pl.StoryID != 1 || pl.Reason != ReasonSimilar {
		t.Fatalf("similar to the URL joiner: %+v", pl)
	}
}

func TestAssignIsIdempotent(t *testing.T) {
	ix := newTestIndex(t)
	posts := []post.Post{mkPost(1, rumour), mkPost(2, rumour+" #tingia"), mkPost(3, "Một tin hoàn toàn khác về bão số 3 đổ bộ vào Quảng Ninh.")}
	var first []int64
	for _, p := range posts {
		s, _ := ix.Assign(p)
		first = append(first, s)
	}
	before := ix.Stats()
	for i, p := range posts {
		if s, isNew := ix.Assign(p); s != first[i] || isNew {
			t.Fatalf("post %d again: story %d new %v, first %d", p.ID, s, isNew, first[i])
		}
	}
	if after := ix.Stats(); after.Stories != before.Stories || after.Reps != before.Reps {
		t.Fatalf("stats changed: %+v -> %+v", before, after)
	}
}

func TestPostWithoutIDGetsSyntheticStory(t *testing.T) {
	ix := newTestIndex(t)
	s, isNew := ix.Assign(post.Post{Text: "no id"})
	if !isNew || s != syntheticBase {
		t.Fatalf("story %d", s)
	}
}

func TestConfigValidate(t *testing.T) {
	for _, c := range []Config{{Threshold: 1.5}, {Threshold: -1}, {Bands: 64, Rows: 4}, {MaxReps: 9}} {
		if _, err := NewIndex(c); err == nil {
			t.Errorf("%+v accepted", c)
		}
	}
}

func TestConcurrentAssign(t *testing.T) {
	ix := newTestIndex(t)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 200 {
				ix.Assign(mkPost(int64(w*1000+i+1), fmt.Sprintf("bài viết số %d của luồng %d về chủ đề %d", i, w, i%7)))
			}
		})
	}
	wg.Wait()
	if st := ix.Stats(); st.Stories == 0 || st.Stories > 800 {
		t.Fatalf("stats %+v", st)
	}
}

func FuzzFingerprint(f *testing.F) {
	for _, s := range []string{"", " ", "Đà Nẵng", "🔥", "https://x.y/z", "a\u0301", "\xff\xfe", "#tag @user www.example.org/x pic.twitter.com/abc", rumour} {
		f.Add(s, s, "https://example.org/"+s)
	}
	f.Fuzz(func(t *testing.T, title, body, url string) {
		p := post.Post{ID: 1, Title: title, Text: body, URL: url}
		fp := FingerprintOf(&p)
		if fp.Hash == 0 || (url != "" && fp.URL == 0) {
			t.Fatalf("zero key: %+v", fp)
		}
		if again := FingerprintOf(&p); again != fp {
			t.Fatal("fingerprint is not deterministic")
		}
		if len(Shingles(title+"\n"+body)) == 0 {
			t.Fatal("no shingles")
		}
		ix := newTestIndex(t)
		if s, _ := ix.Assign(p); s != 1 {
			t.Fatalf("story %d", s)
		}
		if s, _ := ix.Assign(p); s != 1 {
			t.Fatalf("again: story %d", s)
		}
		_ = Terms(&p)
	})
}
