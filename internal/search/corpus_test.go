package search_test

import (
	"context"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/intake"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
)

var t0 = time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)

// doc is one post of the shared test corpus, named by its external id.
type doc struct {
	id, source, lang, title, text string
	age                           time.Duration // published t0 - age
}

// corpus is the shared Vietnamese and English test corpus: every search test
// and the SQLite/PostgreSQL contract test load it.
var corpus = []doc{
	{"tin-gia", "vnexpress", "vi", "Cảnh báo", "Tin giả về vắc-xin COVID-19 lan truyền trên mạng xã hội.", 1 * time.Hour},
	{"tin-gia-plain", "facebook", "vi", "", "Canh bao tin gia ve vac xin tren mang, dung tin!", 2 * time.Hour},
	{"tin-gia-upper", "facebook", "vi", "", "TIN GIẢ: Bộ Y tế không ban hành văn bản này", 3 * time.Hour},
	{"danang", "vnexpress", "vi", "Bão số 5", "Bão đổ bộ Đà Nẵng, mưa lớn kéo dài nhiều ngày.", 4 * time.Hour},
	{"danang-upper", "facebook", "vi", "", "ĐÀ NẴNG sơ tán 20.000 dân trước khi bão vào", 30 * time.Hour},
	{"danang-plain", "reuters", "en", "", "Da Nang evacuates residents ahead of the storm", 5 * time.Hour},
	{"danang-en", "reuters", "en", "Storm warning", "A storm warning was issued for Da Nang and Hue on Monday.", 50 * time.Hour},
	{"ma", "facebook", "vi", "", "Chuyện ma ở ngôi nhà cũ cuối phố", 6 * time.Hour},
	{"ma-grave", "facebook", "vi", "", "Không phải vậy mà là chuyện khác", 7 * time.Hour},
	{"ma-acute", "facebook", "vi", "", "Má tôi nấu cơm mỗi chiều", 8 * time.Hour},
	{"ma-tilde", "vnexpress", "vi", "An ninh mạng", "Mã độc tống tiền tấn công bệnh viện", 9 * time.Hour},
	{"ma-dot", "vnexpress", "vi", "", "Nông dân cấy mạ ngoài đồng sau lũ", 10 * time.Hour},
	{"vacxin", "vnexpress", "vi", "", "Vắc xin mới được phê duyệt cho trẻ em", 11 * time.Hour},
	{"vaccine-en", "reuters", "en", "", "Fake vaccine claims spread on social media, experts warn", 12 * time.Hour},
	{"flood-en", "reuters", "en", "", "Floods hit central Vietnam after days of heavy rain", 13 * time.Hour},
	{"lu", "vnexpress", "vi", "", "Lũ lụt nghiêm trọng ở miền Trung, hàng nghìn hộ bị ngập", 14 * time.Hour},
	{"dont", "reuters", "en", "", "Don't believe everything you read online about the flood", 15 * time.Hour},
	{"hostile", "facebook", "en", "", `col:x NEAR(a b) * "quoted" AND OR NOT {exact}: ^start -minus`, 16 * time.Hour},
	{"nfd", "facebook", "vi", "", "Tin gia\u0309 lan nhanh o\u031b\u0300 Ha\u0300 Nô\u0323i", 17 * time.Hour},
	{"long", "vnexpress", "vi", "Phân tích", longText(), 18 * time.Hour},
}

// longText is a post longer than a snippet, with the match in the middle.
func longText() string {
	s := ""
	for range 12 {
		s += "Người dân địa phương kể lại những ngày mưa bão kéo dài. "
	}
	s += "Thông tin sai lệch về đê vỡ khiến nhiều người hoảng sợ. "
	for range 12 {
		s += "Chính quyền khuyến cáo người dân theo dõi nguồn chính thống. "
	}
	return s
}

// loadCorpus stores the corpus in db and returns the post id of each
// external id and the source ids by name.
func loadCorpus(t testing.TB, db *store.DB) (ids map[string]int64, sources map[string]int64) {
	t.Helper()
	ctx := context.Background()
	sources = map[string]int64{}
	var posts []post.Post
	for _, d := range corpus {
		if _, ok := sources[d.source]; !ok {
			src, err := db.EnsureSource(ctx, "test", "import", d.source)
			if err != nil {
				t.Fatal(err)
			}
			sources[d.source] = src.ID
		}
		p := post.Post{SourceID: sources[d.source], ExternalID: d.id, Title: d.title, Text: d.text, Lang: d.lang,
			PublishedAt: t0.Add(-d.age), URL: "https://example.org/" + d.id}
		if err := intake.Normalize(&p, t0); err != nil {
			t.Fatalf("%s: %v", d.id, err)
		}
		posts = append(posts, p)
	}
	res, err := db.UpsertPosts(ctx, posts)
	if err != nil {
		t.Fatal(err)
	}
	ids = map[string]int64{}
	for i, r := range res {
		ids[corpus[i].id] = r.ID
	}
	return ids, sources
}
