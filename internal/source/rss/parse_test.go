package rss

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/factdesk/factdesk/internal/post"
)

var fetchTime = time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)

func parseFixture(t *testing.T, name, contentType string) ([]post.Post, error) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return Parse(b, contentType, "https://feeds.example/"+name, fetchTime)
}

func mustParse(t *testing.T, name, contentType string, wantItems int) []post.Post {
	t.Helper()
	posts, err := parseFixture(t, name, contentType)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(posts) != wantItems {
		t.Fatalf("%s: %d posts, want %d", name, len(posts), wantItems)
	}
	return posts
}

func TestParseFixtures(t *testing.T) {
	tests := []struct {
		file  string
		items int
		title string // first item
	}{
		{"heraldsun.rss", 2, "The First Item"},
		{"itunes-keywords-array.rss", 1, "Ostafrika stellt sich auf die nächste Heuschreckenplage ein"},
		{"gulp-atom.atom", 10, "v3.9.0"},
		{"instant-article.rss", 1, "My first Instant Article"},
		{"incomplete-fields.atom", 1, ""},
		{"gofeed-rdf_item_description.xml", 1, ""},
		{"gofeed-rss_feed_bom.xml", 0, ""},
		{"gofeed-version_json_11.json", 1, "title"},
	}
	for _, tt := range tests {
		posts := mustParse(t, tt.file, "", tt.items)
		if tt.items > 0 && posts[0].Title != tt.title {
			t.Errorf("%s: title %q, want %q", tt.file, posts[0].Title, tt.title)
		}
		for _, p := range posts {
			checkPost(t, tt.file, p)
		}
	}
}

func TestParseMapsFields(t *testing.T) {
	p := mustParse(t, "gofeed-version_json_11.json", "application/feed+json", 1)[0]
	if p.ExternalID != "id" || p.URL != "https://sample-json-feed.com/id" || p.AuthorHandle != "author_name" {
		t.Errorf("ids/author: %+v", p)
	}
	if p.Text != "content_html" || !strings.Contains(p.HTML, "<p>content_html</p>") {
		t.Errorf("text %q html %q", p.Text, p.HTML)
	}
	if want := time.Date(2019, 10, 12, 7, 20, 50, 520e6, time.UTC); !p.PublishedAt.Equal(want) {
		t.Errorf("published %v, want %v", p.PublishedAt, want)
	}
	if !p.FetchedAt.Equal(fetchTime) || p.Platform != "rss" || len(p.Raw) == 0 {
		t.Errorf("fetched/platform/raw: %+v", p)
	}

	// Atom: id as ExternalID, updated as fallback date.
	a := mustParse(t, "gulp-atom.atom", "", 10)[0]
	if !strings.HasPrefix(a.ExternalID, "tag:github.com,2008:Repository/11167738/") || !strings.HasPrefix(a.URL, "https://github.com/") {
		t.Errorf("atom ids: %q %q", a.ExternalID, a.URL)
	}
	if a.PublishedAt.Equal(fetchTime) {
		t.Errorf("atom date fell back to fetch time")
	}

	// RSS without guid: link is the ExternalID; no date: fetch time and a note.
	h := mustParse(t, "heraldsun.rss", "", 2)[0]
	if h.ExternalID != h.URL || h.URL == "" || h.Lang != "en-gb" {
		t.Errorf("heraldsun: id %q url %q lang %q", h.ExternalID, h.URL, h.Lang)
	}
}

func TestParseWindows1258(t *testing.T) {
	for _, name := range []string{"vi-windows-1258.rss", "vi-windows-1258-undeclared.rss"} {
		posts := mustParse(t, name, "", 2)
		if posts[0].Title != viTitle1 || posts[0].Text != viDesc1 {
			t.Errorf("%s: got %q / %q", name, posts[0].Title, posts[0].Text)
		}
		if posts[1].Title != viTitle2 || posts[1].Text != viDesc2 || !strings.Contains(posts[1].HTML, "<p>") {
			t.Errorf("%s: got %q / %q / %q", name, posts[1].Title, posts[1].Text, posts[1].HTML)
		}
		for _, p := range posts {
			if !norm.NFC.IsNormalString(p.Title + p.Text) {
				t.Errorf("%s: not NFC: %q", name, p.Title)
			}
			if p.Lang != "vi" {
				t.Errorf("%s: lang %q", name, p.Lang)
			}
		}
		if posts[1].URL != "https://tin.example.vn/bai/2" {
			t.Errorf("%s: relative link not resolved: %q", name, posts[1].URL)
		}
		undeclared := strings.Contains(name, "undeclared")
		if hasNote(posts[0], "decoded as windows-1258") != undeclared {
			t.Errorf("%s: notes %q", name, posts[0].Notes)
		}
	}
}

func TestParseLatin1(t *testing.T) {
	// Declared ISO-8859-1 (heraldsun is ASCII-only, so use the undeclared
	// one for the accents) and undeclared, with and without a lying header.
	for _, ct := range []string{"", "text/xml; charset=utf-8", "application/rss+xml"} {
		p := mustParse(t, "pt-latin1-undeclared.rss", ct, 1)[0]
		if p.Title != ptTitle || p.Text != ptDesc {
			t.Errorf("ct %q: got %q / %q", ct, p.Title, p.Text)
		}
		if !hasNote(p, "decoded as windows-1252") {
			t.Errorf("ct %q: notes %q", ct, p.Notes)
		}
	}
	// The right header makes it a declared charset: no guess, no note.
	p := mustParse(t, "pt-latin1-undeclared.rss", "text/xml; charset=ISO-8859-1", 1)[0]
	if p.Title != ptTitle || len(p.Notes) != 0 {
		t.Errorf("declared by header: %q %q", p.Title, p.Notes)
	}
}

func TestParseControlCharsAndBOM(t *testing.T) {
	p := mustParse(t, "control-chars.rss", "", 1)[0]
	if p.Title != "Bad title" || p.Text != "Nul and bell gone ." {
		t.Errorf("got %q / %q", p.Title, p.Text)
	}
}

func TestParseInvalidUTF8(t *testing.T) {
	posts := mustParse(t, "invalid-utf8.rss", "", 2)
	if posts[0].Title != "Tin giả về vắc-xin \uFFFD lan truyền" || !hasNote(posts[0], "invalid UTF-8") {
		t.Errorf("repaired post: %q %q", posts[0].Title, posts[0].Notes)
	}
	if hasNote(posts[1], "invalid UTF-8") {
		t.Errorf("clean post got a repair note: %q", posts[1].Notes)
	}
}

func TestParseNotAFeed(t *testing.T) {
	tests := []struct {
		file, ct, want string
	}{
		{"not-a-feed.html", "text/html; charset=utf-8", "rss: https://feeds.example/not-a-feed.html is not a feed (got text/html: <!DOCTYPE html> <html><head><title>Trang chủ</title></head><...)"},
		{"not-a-feed.json", "application/json", `rss: https://feeds.example/not-a-feed.json is not a feed (got application/json: {"error":"not found","items":"none"})`},
	}
	for _, tt := range tests {
		_, err := parseFixture(t, tt.file, tt.ct)
		if !errors.Is(err, ErrNotFeed) {
			t.Fatalf("%s: %v, want ErrNotFeed", tt.file, err)
		}
		if err.Error() != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.file, err, tt.want)
		}
	}
	for _, body := range []string{"", "   \n", "hello", "[1,2]", "<html></html>", `{"version":"x"}`} {
		if _, err := Parse([]byte(body), "", "https://x/", fetchTime); !errors.Is(err, ErrNotFeed) {
			t.Errorf("Parse(%q) = %v, want ErrNotFeed", body, err)
		}
	}
	_, err := Parse(nil, "", "https://x/", fetchTime)
	if err == nil || err.Error() != "rss: https://x/ is not a feed (got no content type: empty body)" {
		t.Errorf("empty body: %v", err)
	}
}

func TestParseBrokenXML(t *testing.T) {
	// gofeed is lenient: a truncated feed still yields what it holds.
	posts, err := Parse([]byte(`<rss version="2.0"><channel><item><title>x</title><guid>1</guid></item><item><title>y</ti`), "", "https://x/feed", fetchTime)
	if err != nil {
		if !strings.HasPrefix(err.Error(), "rss: parse https://x/feed: ") {
			t.Fatalf("unclear error: %v", err)
		}
		return
	}
	if len(posts) == 0 || posts[0].Title != "x" {
		t.Fatalf("truncated feed: %+v", posts)
	}
}

func TestRawCapped(t *testing.T) {
	big := strings.Repeat("<p>claim</p>", 10000)
	feed := `<rss version="2.0"><channel><item><title>t</title><guid>g</guid><description><![CDATA[` + big + `]]></description></item></channel></rss>`
	posts, err := Parse([]byte(feed), "", "https://x/", fetchTime)
	if err != nil {
		t.Fatal(err)
	}
	p := posts[0]
	if len(p.Raw) == 0 || len(p.Raw) > 64<<10 || strings.Contains(string(p.Raw), "claim") || !hasNote(p, "64 KiB") {
		t.Errorf("raw %d bytes, notes %q", len(p.Raw), p.Notes)
	}
	if !strings.HasPrefix(p.Text, "claim") {
		t.Errorf("text lost: %.40q", p.Text)
	}
}

func hasNote(p post.Post, sub string) bool {
	for _, n := range p.Notes {
		if strings.Contains(n, sub) {
			return true
		}
	}
	return false
}
