package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/factdesk/factdesk/internal/signal"
	"github.com/factdesk/factdesk/internal/store"
)

func TestStoryPage(t *testing.T) {
	e := newStoriesEnv(t)
	id, posts := e.story(storySpec{Text: "Tin giả <script>alert('x')</script> về vắc-xin", Sources: []string{"Báo A", "Trang B", "Báo A"},
		Ago: minutes(9, 20, 200), Terms: []string{"vắc", "xin"}, Handle: "@nguoidung"})
	other, _ := e.story(storySpec{Text: "Chuyện khác", Sources: []string{"Nhóm C"}, Ago: minutes(2, 10, 20)})
	e.spikeAlert(signal.KindSpikeStory, id, 15*time.Minute, store.AlertOpen, 9, 2)
	e.spikeAlert(signal.KindNewStory, id, 3*time.Hour, store.AlertDismissed, 4, 2)
	e.spikeAlert(signal.KindSpikeStory, other, time.Minute, store.AlertOpen, 2, 1)
	path := "/stories/" + strconv.FormatInt(id, 10)

	resp, body := e.do(e.c, http.MethodGet, path, nil, map[string]string{"Accept-Language": "en"})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d\n%s", path, resp.StatusCode, body)
	}
	// Post text is escaped: no script element in the page's main part, the
	// text shows as typed.
	if strings.Contains(body, "<script>alert") || !strings.Contains(body, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") {
		t.Errorf("post text not escaped")
	}
	doc := parseHTML(t, body)
	main := mainOf(doc)
	if n := len(byTag(main, "script")); n != 0 {
		t.Errorf("%d script elements in main", n)
	}
	if got := h1(doc); got != "Tin giả <script>alert('x')</script> về vắc-xin" {
		t.Errorf("h1 %q", got)
	}

	// The timeline: an SVG image with a title, one bar per 10 minutes from
	// the first to the last post, and a table of the non-empty ones.
	svg := elemsByClass(main, "bar-chart")
	if len(svg) != 1 || attr(svg[0], "role") != "img" || !strings.HasPrefix(text(first(svg[0], "title")), "Posts per 10 min from ") {
		t.Fatalf("no titled timeline chart")
	}
	if bars := elemsByClass(svg[0], "chart-bar"); len(bars) != 17 { // 06:00 to 08:40
		t.Errorf("%d bars for 3 hours of 10-minute buckets", len(bars))
	}
	if len(elemsByClass(svg[0], "chart-label")) < 3 {
		t.Errorf("chart has no axis labels")
	}
	table := first(first(elemsByClass(main, "chart-data")[0], "tbody"), "tr")
	if table == nil {
		t.Fatal("no data table under the chart")
	}
	sum := 0
	for _, tr := range byTag(first(elemsByClass(main, "chart-data")[0], "tbody"), "tr") {
		n, _ := strconv.Atoi(text(byTag(tr, "td")[1]))
		sum += n
	}
	if sum != 9 {
		t.Errorf("data table counts %d posts, want 9", sum)
	}

	// Posts newest first, with source, handle, time and original link.
	shown := rowIDs(main, "li", "data-post-id")
	want := make([]string, len(posts))
	for i, p := range posts {
		want[i] = strconv.FormatInt(p, 10) // posts were published newest first
	}
	if !slices.Equal(shown, want) {
		t.Errorf("posts %v, want newest first %v", shown, want)
	}
	li := byAttr(main, "li", "data-post-id", want[0])[0]
	for _, s := range []string{"Báo A", "@nguoidung", "min ago", "Original"} {
		if !strings.Contains(text(li), s) {
			t.Errorf("post lacks %q: %s", s, text(li))
		}
	}
	if href := attr(elemsByClass(li, "post-url")[0], "href"); !strings.HasPrefix(href, "https://news.example/p") {
		t.Errorf("original link %q", href)
	}

	// Sources with their counts, top terms, and the story's alerts only.
	srcRows := byTag(first(elemsByClass(main, "story-sources")[0], "tbody"), "tr")
	if len(srcRows) != 2 || text(srcRows[0]) != "Báo A 6" || text(srcRows[1]) != "Trang B 3" {
		t.Errorf("sources %q", text(first(main, "table")))
	}
	if terms := text(elemsByClass(main, "terms-counted")[0]); terms != "vắc 9 xin 9" {
		t.Errorf("terms %q", terms)
	}
	alerts := elemsByClass(main, "alert-item")
	if len(alerts) != 2 {
		t.Fatalf("%d alerts, want the story's 2", len(alerts))
	}
	if got := text(elemsByClass(alerts[0], "alert-explanation")[0]); got != fmt.Sprintf("story %d: 9 posts from 2 sources in the last 10 min; usually 2 ± 1", id) {
		t.Errorf("alert explanation %q", got)
	}
	if !strings.Contains(text(alerts[1]), "Dismissed") || !strings.Contains(text(main), "Open alerts: 1") {
		t.Errorf("alert statuses: %s", text(elemsByClass(main, "alert-list")[0]))
	}

	// In Vietnamese the explanations follow the page.
	doc = e.get(path, "vi", http.StatusOK)
	if got := text(elemsByClass(mainOf(doc), "alert-explanation")[0]); got != fmt.Sprintf("chuỗi tin %d: 9 bài từ 2 nguồn trong 10 phút qua; thường 2 ± 1", id) {
		t.Errorf("vi explanation %q", got)
	}
	if !strings.Contains(text(mainOf(doc)), "Diễn biến theo thời gian") || !strings.Contains(text(mainOf(doc)), "Bài gốc") {
		t.Errorf("vi story page not in Vietnamese")
	}
}

func TestStoryNotFound(t *testing.T) {
	e := newStoriesEnv(t)
	for _, path := range []string{"/stories/999999", "/stories/abc", "/stories/0", "/stories/-1", "/stories/1/posts"} {
		for lang, want := range map[string]string{"en": "There is no such story", "vi": "Không có chuỗi tin này"} {
			doc := e.get(path, lang, http.StatusNotFound)
			if !strings.Contains(text(mainOf(doc)), want) && path != "/stories/1/posts" {
				t.Errorf("%s %s: %q", path, lang, text(mainOf(doc)))
			}
		}
	}
	doc := e.get("/stories/424242", "en", http.StatusNotFound)
	if h1(doc) != "Story not found" || len(findAll(mainOf(doc), func(n *html.Node) bool { return n.Data == "a" && attr(n, "href") == "/stories" })) != 1 {
		t.Errorf("404 page lacks its heading or the way back: %s", text(mainOf(doc)))
	}
}

func TestTimelineWidths(t *testing.T) {
	e := newStoriesEnv(t)
	t0 := time.Date(2026, 3, 2, 9, 3, 0, 0, time.UTC)
	for _, tt := range []struct {
		span      time.Duration
		wantWidth string
		wantBars  int
	}{
		{0, "10 min", 1},
		{23 * time.Hour, "10 min", 139},
		{30 * time.Hour, "30 min", 61},
		{10 * 24 * time.Hour, "3 h", 81},
		{400 * 24 * time.Hour, "7 days", 58},
	} {
		s := store.Story{FirstSeen: t0, LastSeen: t0.Add(tt.span)}
		buckets := []store.StoryBucket{{Start: t0.Truncate(10 * time.Minute), Count: 2}, {Start: t0.Add(tt.span).Truncate(10 * time.Minute), Count: 3}}
		tl := e.h.timeline("en", s, buckets)
		if tl.Width != tt.wantWidth {
			t.Errorf("span %v: width %s, want %s", tt.span, tl.Width, tt.wantWidth)
		}
		svg := parseHTML(t, string(tl.Chart))
		if n := len(elemsByClass(svg, "chart-bar")); n != tt.wantBars {
			t.Errorf("span %v: %d bars, want %d", tt.span, n, tt.wantBars)
		}
		total := 0
		for _, r := range tl.Rows {
			total += r.Count
		}
		if total != 5 {
			t.Errorf("span %v: table counts %d", tt.span, total)
		}
	}
}
