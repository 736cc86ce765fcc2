// Package bench measures factdesk on generated data that looks like real
// traffic: Vietnamese and English posts of realistic length, many of them
// lightly edited copies of one another (as rumours are), spread over time.
package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/text"
)

var viWords = strings.Fields(`người dân thành phố chính quyền thông báo khẩn cấp mưa lớn ngập lụt đập thủy điện sơ tán
vắc xin bệnh viện bác sĩ dịch bệnh cúm trường học học sinh nghỉ học giá xăng điện nước tăng giảm công an phong tỏa
đường phố cầu sân bay chuyến bay hủy hoãn tin đồn sai sự thật cảnh giác chia sẻ mạng xã hội hình ảnh video
quận huyện xã phường đà nẵng hà nội hồ chí minh huế quảng nam lũ quét sạt lở đất bão áp thấp nhiệt đới
cứu trợ lương thực nước sạch mất điện sửa chữa hôm nay ngày mai tối nay sáng chiều theo nguồn tin cho biết đã
đang sẽ không có được những các một hai ba nhiều rất`)

var enWords = strings.Fields(`people city government announced emergency heavy rain flooding dam evacuate vaccine
hospital doctor disease flu school students closed fuel prices electricity water rise fall police blocked street
bridge airport flights cancelled delayed rumour false claim warning share social media photo video district
storm landslide relief food clean water power outage repair today tomorrow tonight morning according to sources
said has will not be the a of and in on for with many very`)

// Options shape a generated data set.
type Options struct {
	Posts     int       // how many posts
	Seed      uint64    // the same seed gives the same posts
	Start     time.Time // first post time
	Span      time.Duration
	StoryFrac float64 // share of posts that copy a story's text with light edits (default 0.6)
	Stories   int     // how many stories the copies come from (default Posts/50)
}

// Record is one generated post in the import schema, with its story label.
type Record struct {
	ID          string           `json:"id"`
	Text        string           `json:"text"`
	URL         string           `json:"url,omitempty"`
	Author      string           `json:"author_handle"`
	PublishedAt string           `json:"published_at"`
	Platform    string           `json:"platform"`
	Metrics     map[string]int64 `json:"metrics"`
	Story       string           `json:"story"`
}

// Generate writes opt.Posts JSON lines to w.
func Generate(w io.Writer, opt Options) error {
	if opt.Posts <= 0 {
		return fmt.Errorf("generate: need a positive number of posts")
	}
	if opt.StoryFrac == 0 {
		opt.StoryFrac = 0.6
	}
	if opt.Stories <= 0 {
		opt.Stories = max(1, opt.Posts/50)
	}
	if opt.Span <= 0 {
		opt.Span = 24 * time.Hour
	}
	if opt.Start.IsZero() {
		opt.Start = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	rnd := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15))
	stories := make([]string, opt.Stories)
	for i := range stories {
		stories[i] = sentence(rnd, 25+rnd.IntN(40))
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	step := opt.Span / time.Duration(opt.Posts)
	for i := 0; i < opt.Posts; i++ {
		r := Record{
			ID:          fmt.Sprintf("g%d", i),
			Author:      fmt.Sprintf("@user%d", rnd.IntN(5000)),
			PublishedAt: opt.Start.Add(time.Duration(i)*step + time.Duration(rnd.IntN(60))*time.Second).Format(time.RFC3339),
			Platform:    []string{"facebook", "tiktok", "zalo", "x"}[rnd.IntN(4)],
			Metrics:     map[string]int64{"likes": int64(rnd.IntN(500)), "shares": int64(rnd.IntN(80))},
		}
		if rnd.Float64() < opt.StoryFrac {
			s := rnd.IntN(opt.Stories)
			r.Text = LightEdit(rnd, stories[s])
			r.Story = fmt.Sprintf("s%d", s)
		} else {
			r.Text = sentence(rnd, 20+rnd.IntN(60))
			r.Story = "u" + r.ID
		}
		if rnd.IntN(3) == 0 {
			r.URL = fmt.Sprintf("https://news.example.vn/bai/%d?utm_source=fb&ref=%d", i, rnd.IntN(9))
		}
		if err := enc.Encode(r); err != nil {
			return fmt.Errorf("generate: %w", err)
		}
	}
	return bw.Flush()
}

// sentence makes a Vietnamese (mostly) or English text of n words.
func sentence(rnd *rand.Rand, n int) string {
	words := viWords
	if rnd.IntN(4) == 0 {
		words = enWords
	}
	parts := make([]string, n)
	for i := range parts {
		parts[i] = words[rnd.IntN(len(words))]
	}
	return strings.Join(parts, " ")
}

// LightEdit changes a text the way reposts do: case, punctuation, dropped
// diacritics, a hashtag, or one changed word.
func LightEdit(rnd *rand.Rand, s string) string {
	switch rnd.IntN(6) {
	case 0:
		return strings.ToUpper(s[:1]) + s[1:] + "!"
	case 1:
		return text.Fold(s)
	case 2:
		return s + " #tinnong"
	case 3:
		w := strings.Fields(s)
		w[rnd.IntN(len(w))] = viWords[rnd.IntN(len(viWords))]
		return strings.Join(w, " ")
	case 4:
		return strings.ReplaceAll(s, " ", ", ")
	}
	return s
}
