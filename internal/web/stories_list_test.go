package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/factdesk/factdesk/internal/signal"
	"github.com/factdesk/factdesk/internal/store"
)

// minutes returns n times spread over [from, to) minutes ago.
func minutes(n int, from, to int) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = time.Duration(from+(to-from)*i/n) * time.Minute
	}
	return out
}

// threeStories seeds a surging, a rising and a fading story seen in the
// last 24 hours, and one seen 3 days ago. Growth over 6 h: surging +12,
// rising +3, fading -8 (the surging story's first post is 13 h old).
func threeStories(e *storiesEnv) (surging, rising, fading, old int64) {
	surging, _ = e.story(storySpec{Text: "Tin giả: uống nước muối chữa khỏi cúm", Sources: []string{"Báo A", "Trang B", "Nhóm C"},
		Ago: append(minutes(12, 5, 55), 13*time.Hour), Terms: []string{"nước", "muối", "cúm"}})
	rising, _ = e.story(storySpec{Text: "Bão số 5 đổ bộ Đà Nẵng", Sources: []string{"Báo A"},
		Ago: append(minutes(4, 30, 300), 7*time.Hour), Terms: []string{"bão"}})
	fading, _ = e.story(storySpec{Text: "Giá xăng tăng từ ngày mai", Sources: []string{"Trang B"},
		Ago: append(minutes(10, 7*60, 11*60), 2*time.Hour, 3*time.Hour), Terms: []string{"xăng"}})
	old, _ = e.story(storySpec{Text: "Chuyện cũ ba ngày trước", Sources: []string{"Nhóm C"},
		Ago: minutes(3, 72*60, 73*60)})
	return
}

func TestStoriesOrderedByGrowth(t *testing.T) {
	e := newStoriesEnv(t)
	surging, rising, fading, old := threeStories(e)
	e.spikeAlert(signal.KindSpikeStory, surging, 5*time.Minute, store.AlertOpen, 12, 3)
	e.spikeAlert(signal.KindSpikeStory, fading, 9*time.Hour, store.AlertDismissed, 6, 1)
	id := func(v int64) string { return fmt.Sprint(v) }

	doc := e.get("/stories", "en", http.StatusOK)
	rows := rowIDs(mainOf(doc), "tr", "data-story-id")
	if want := []string{id(surging), id(rising), id(fading)}; !slices.Equal(rows, want) {
		t.Fatalf("24h order %v, want %v (surging, rising, fading)", rows, want)
	}
	trs := byAttr(doc, "tr", "data-story-id", id(surging))
	row := trs[0]
	for _, want := range []string{"+12", "12 / 0", "Tin giả: uống nước muối chữa khỏi cúm", "nước", "Open alerts: 1", "13", "3"} {
		if !strings.Contains(text(row), want) {
			t.Errorf("surging row lacks %q: %s", want, text(row))
		}
	}
	if got := text(first(byAttr(doc, "tr", "data-story-id", id(fading))[0], "strong")); got != "−8" {
		t.Errorf("fading growth %q, want −8", got)
	}
	for _, sid := range []int64{rising, fading} {
		if len(elemsByClass(byAttr(doc, "tr", "data-story-id", id(sid))[0], "badge-alert")) != 0 {
			t.Errorf("story %d has an alert badge without an open alert", sid)
		}
	}
	// Every row has a sparkline: an SVG image named by its title, one point per bucket.
	for _, tr := range findAll(doc, func(n *html.Node) bool { return n.Data == "tr" && attr(n, "data-story-id") != "" }) {
		svg := first(tr, "svg")
		if svg == nil || attr(svg, "role") != "img" || !strings.HasPrefix(text(first(svg, "title")), "Posts per 10 minutes") {
			t.Fatalf("row %s: no titled sparkline", attr(tr, "data-story-id"))
		}
		if pts := strings.Fields(attr(first(svg, "polyline"), "points")); len(pts) != sparkBuckets {
			t.Errorf("sparkline has %d points, want %d", len(pts), sparkBuckets)
		}
	}
	if !strings.Contains(text(first(byAttr(doc, "tr", "data-story-id", id(surging))[0], "title")), "13 in all") {
		t.Errorf("surging sparkline title: %q", text(first(row, "title")))
	}

	doc = e.get("/stories?window=7d", "en", http.StatusOK)
	if rows := rowIDs(mainOf(doc), "tr", "data-story-id"); !slices.Contains(rows, id(old)) || len(rows) != 4 {
		t.Errorf("7d rows %v, want the old story too", rows)
	}
	doc = e.get("/stories?window=1h", "en", http.StatusOK)
	if rows := rowIDs(mainOf(doc), "tr", "data-story-id"); !slices.Equal(rows, []string{id(surging), id(rising)}) {
		t.Errorf("1h rows %v, want surging, rising", rows)
	}
	if sel := findAll(doc, func(n *html.Node) bool { return n.Data == "option" && hasAttr(n, "selected") }); len(sel) != 1 || attr(sel[0], "value") != "1h" {
		t.Errorf("window select does not show 1h")
	}
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func TestStoriesPaging(t *testing.T) {
	e := newStoriesEnv(t)
	for i := range storiesPerPage + 2 {
		e.story(storySpec{Text: fmt.Sprintf("Chuỗi tin số %d", i), Sources: []string{"Báo A"}, Ago: minutes(i+1, 10, 300)})
	}
	doc := e.get("/stories", "en", http.StatusOK)
	if n := len(rowIDs(doc, "tr", "data-story-id")); n != storiesPerPage {
		t.Fatalf("page 1 has %d rows", n)
	}
	next := byAttr(doc, "a", "rel", "next")
	if len(next) != 1 || attr(next[0], "href") != "/stories?page=2&window=24h" {
		t.Fatalf("next link %v", next)
	}
	doc = e.get(attr(next[0], "href"), "en", http.StatusOK)
	if n := len(rowIDs(doc, "tr", "data-story-id")); n != 2 {
		t.Errorf("page 2 has %d rows, want 2", n)
	}
	if len(byAttr(doc, "a", "rel", "next")) != 0 || len(byAttr(doc, "a", "rel", "prev")) != 1 {
		t.Errorf("page 2 links wrong")
	}
	// The most active story (27 posts in the last 6 h) leads page 1.
	if rank := text(first(first(e.get("/stories", "en", http.StatusOK), "tbody"), "td")); rank != "1" {
		t.Errorf("first rank %q", rank)
	}
}

func TestStoriesEmptyAndLanguages(t *testing.T) {
	e := newStoriesEnv(t)
	doc := e.get("/stories", "vi", http.StatusOK)
	if h1(doc) != "Chuỗi tin" || !strings.Contains(text(mainOf(doc)), "Không có chuỗi tin nào") {
		t.Errorf("empty vi page: %q", text(mainOf(doc)))
	}
	threeStories(e)
	doc = e.get("/stories", "vi", http.StatusOK)
	body := text(mainOf(doc))
	for _, want := range []string{"Mức tăng", "6 giờ gần nhất", "phút trước", "Số bài mỗi 10 phút"} {
		if !strings.Contains(body, want) {
			t.Errorf("vi page lacks %q", want)
		}
	}
	// The switcher in the layout turns the same page into English.
	resp, b := e.do(e.c, http.MethodPost, "/locale", url.Values{"lang": {"en"}, "next": {"/stories"}}, nil)
	if resp.Request.URL.Path != "/stories" {
		t.Fatalf("switch went to %s", resp.Request.URL)
	}
	doc = parseHTML(t, b)
	body = text(mainOf(doc))
	if pageLang(doc) != "en" || h1(doc) != "Stories" {
		t.Fatalf("after switch: %s %q", pageLang(doc), h1(doc))
	}
	for _, want := range []string{"Growth", "last 6 h", "min ago", "Posts per 10 minutes"} {
		if !strings.Contains(body, want) {
			t.Errorf("en page lacks %q", want)
		}
	}
}
