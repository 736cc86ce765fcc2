package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/factdesk/factdesk/internal/apperr"
)

func TestSearchPage(t *testing.T) {
	e := newStoriesEnv(t)
	sid, posts := e.story(storySpec{Text: "Tin giả về muối", Sources: []string{"Báo A"}, Ago: minutes(2, 5, 30)})
	e.searcher.set([]SearchHit{
		{PostID: posts[0], Score: 3.14159, Title: "Cảnh báo", Text: "Tin giả về muối", URL: "https://news.example/1", SourceID: e.source("Báo A"),
			PublishedAt: e.now.Add(-time.Hour), Lang: "vi", SnippetHTML: "Tin <mark>giả</mark> về muối &amp; &lt;b&gt;"},
		{PostID: 999999, Score: 1.5, Text: "plain <script>alert(1)</script>", SourceID: 424242, PublishedAt: e.now.Add(-3 * time.Hour), Lang: "en"},
		{PostID: 999998, Score: 1, SnippetHTML: "broken <script>alert(2)</script><mark>a", PublishedAt: e.now},
	}, nil)

	q := url.Values{"q": {`tin giả -"lừa đảo" OR muối`}, "since": {"24h"}, "lang": {"vi"}, "source": {fmt.Sprint(e.source("Báo A"))}}
	resp, body := e.do(e.c, http.MethodGet, "/search?"+q.Encode(), nil, map[string]string{"Accept-Language": "en"})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("search: %d\n%s", resp.StatusCode, body)
	}
	gotQ, f, _ := e.searcher.last()
	if gotQ != q.Get("q") || !f.Since.Equal(e.now.Add(-24*time.Hour)) || f.Lang != "vi" || f.SourceID != e.source("Báo A") || f.Limit != searchPerPage+1 || f.Offset != 0 {
		t.Errorf("searcher got %q %+v", gotQ, f)
	}
	doc := parseHTML(t, body)
	main := mainOf(doc)
	if byTag(main, "script") != nil {
		t.Errorf("a snippet let a script element through")
	}
	hits := elemsByClass(main, "hit")
	if len(hits) != 3 {
		t.Fatalf("%d hits, want 3", len(hits))
	}
	if marks := byTag(hits[0], "mark"); len(marks) != 1 || text(marks[0]) != "giả" {
		t.Errorf("first hit marks %v", marks)
	}
	if got := text(elemsByClass(hits[0], "hit-snippet")[0]); got != "Tin giả về muối & <b>" {
		t.Errorf("first snippet %q", got)
	}
	for _, want := range []string{"Cảnh báo", "Báo A", "1 h ago", "score 3.14", fmt.Sprintf("Story #%d", sid), "Original"} {
		if !strings.Contains(text(hits[0]), want) {
			t.Errorf("first hit lacks %q: %s", want, text(hits[0]))
		}
	}
	if len(byAttr(hits[0], "a", "href", fmt.Sprintf("/stories/%d", sid))) != 1 {
		t.Errorf("first hit does not link its story")
	}
	if got := text(elemsByClass(hits[1], "hit-snippet")[0]); got != "plain <script>alert(1)</script>" || strings.Contains(text(hits[1]), "Story #") {
		t.Errorf("second hit: %s", text(hits[1]))
	}
	if !strings.Contains(text(hits[1]), "Source #424242") {
		t.Errorf("unknown source not named by id: %s", text(hits[1]))
	}
	if got := text(elemsByClass(hits[2], "hit-snippet")[0]); got != "broken <script>alert(2)</script> a" || len(byTag(hits[2], "mark")) != 1 {
		t.Errorf("third snippet %q", got)
	}
	// The form keeps what was asked.
	if v := attr(elemByID(main, "search-q"), "value"); v != q.Get("q") {
		t.Errorf("query box %q", v)
	}
	for _, id := range []string{"search-since", "search-lang", "search-source"} {
		if sel := findAll(elemByID(main, id), func(n *html.Node) bool { return n.Data == "option" && hasAttr(n, "selected") }); len(sel) != 1 {
			t.Errorf("%s: %d options selected", id, len(sel))
		}
	}
}

func TestSearchPageMessagesAndHelp(t *testing.T) {
	e := newStoriesEnv(t)
	for _, tt := range []struct {
		lang, query string
		status      int
		msg         string // "" for no message
		help        string
	}{
		{"en", "", http.StatusOK, "", "How to write a query"},
		{"vi", "", http.StatusOK, "", "Cách viết truy vấn"},
		{"en", "?q=", http.StatusOK, "Type at least one word to search for.", "OR in capitals"},
		{"vi", "?q=+++", http.StatusOK, "Hãy nhập ít nhất một từ để tìm.", "OR viết hoa"},
		{"en", "?q=" + strings.Repeat("a", searchMaxBytes+1), http.StatusBadRequest, "This query is too long.", "leave out posts"},
	} {
		doc := e.get("/search"+tt.query, tt.lang, tt.status)
		main := mainOf(doc)
		msg := elemsByClass(main, "search-message")
		switch {
		case tt.msg == "" && len(msg) != 0:
			t.Errorf("%s %q: unexpected message %q", tt.lang, tt.query, text(msg[0]))
		case tt.msg != "" && (len(msg) != 1 || !strings.HasPrefix(text(msg[0]), tt.msg)):
			t.Errorf("%s %q: message %v, want %q", tt.lang, tt.query, msg, tt.msg)
		}
		if !strings.Contains(text(elemsByClass(main, "search-syntax")[0]), tt.help) {
			t.Errorf("%s %q: syntax help lacks %q", tt.lang, tt.query, tt.help)
		}
	}
	if _, _, n := e.searcher.last(); n != 0 {
		t.Errorf("searcher called %d times for blank or long queries", n)
	}

	// An invalid query (only exclusions) is explained; nothing found says so.
	e.searcher.set(nil, apperr.Errorf(apperr.Invalid, "the search query only excludes words"))
	doc := e.get("/search?q=-l%E1%BB%ABa", "vi", http.StatusBadRequest)
	if msg := elemsByClass(mainOf(doc), "search-message"); len(msg) != 1 || !strings.HasPrefix(text(msg[0]), "Truy vấn này không có gì để tìm") {
		t.Errorf("invalid query message: %s", text(mainOf(doc)))
	}
	e.searcher.set(nil, nil)
	doc = e.get("/search?q=kh%C3%B4ng+c%C3%B3", "en", http.StatusOK)
	if !strings.Contains(text(mainOf(doc)), "No post matches this query.") {
		t.Errorf("no hits: %s", text(mainOf(doc)))
	}
	// A failing searcher is an internal error, logged, not shown.
	e.searcher.set(nil, errors.New("index is broken"))
	doc = e.get("/search?q=x", "en", http.StatusInternalServerError)
	if strings.Contains(text(doc), "index is broken") || !strings.Contains(e.logs.String(), "index is broken") {
		t.Errorf("internal error shown or not logged")
	}
}

func TestSearchPaging(t *testing.T) {
	e := newStoriesEnv(t)
	hits := make([]SearchHit, searchPerPage+5)
	for i := range hits {
		hits[i] = SearchHit{PostID: int64(1000 + i), Score: float64(100 - i), Text: fmt.Sprintf("kết quả %d", i), PublishedAt: e.now}
	}
	e.searcher.set(hits, nil)
	doc := e.get("/search?q=k%E1%BA%BFt+qu%E1%BA%A3&lang=en", "en", http.StatusOK)
	if n := len(elemsByClass(mainOf(doc), "hit")); n != searchPerPage {
		t.Fatalf("page 1: %d hits", n)
	}
	next := byAttr(doc, "a", "rel", "next")
	if len(next) != 1 || !strings.Contains(attr(next[0], "href"), "page=2") || !strings.Contains(attr(next[0], "href"), "lang=en") {
		t.Fatalf("next link %v", next)
	}
	doc = e.get(attr(next[0], "href"), "en", http.StatusOK)
	if n := len(elemsByClass(mainOf(doc), "hit")); n != 5 {
		t.Errorf("page 2: %d hits", n)
	}
	if ol := first(mainOf(doc), "ol"); attr(ol, "start") != fmt.Sprint(searchPerPage+1) {
		t.Errorf("page 2 numbering starts at %q", attr(ol, "start"))
	}
	if _, f, _ := e.searcher.last(); f.Offset != searchPerPage {
		t.Errorf("page 2 offset %d", f.Offset)
	}
}
