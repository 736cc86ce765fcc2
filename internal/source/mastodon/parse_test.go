package mastodon

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		in   string
		want Target
	}{
		{"https://mastodon.social/public", Target{Base: "https://mastodon.social", Host: "mastodon.social", Timeline: TimelinePublic}},
		{"https://mastodon.social/public/local/", Target{Base: "https://mastodon.social", Host: "mastodon.social", Timeline: TimelinePublic, Local: true}},
		{"https://mastodon.social/tags/tingiả", Target{Base: "https://mastodon.social", Host: "mastodon.social", Timeline: TimelineTag, Tag: "tingiả"}},
		{"https://mastodon.social/tags/%23covid", Target{Base: "https://mastodon.social", Host: "mastodon.social", Timeline: TimelineTag, Tag: "covid"}},
		{"https://fosstodon.org/@schochastics", Target{Base: "https://fosstodon.org", Host: "fosstodon.org", Timeline: TimelineAccount, Acct: "schochastics"}},
		{"https://fosstodon.org/@Gargron@mastodon.social", Target{Base: "https://fosstodon.org", Host: "fosstodon.org", Timeline: TimelineAccount, Acct: "Gargron@mastodon.social"}},
	}
	for _, tt := range tests {
		got, err := ParseURL(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseURL(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "mastodon.social/public", "ftp://x/public", "https://x/", "https://x/home", "https://x/@", "https://x/@a@", "https://x/tags/", "https://u:p@x/public", "https://x/@a/123"} {
		if _, err := ParseURL(bad); err == nil {
			t.Errorf("ParseURL(%q) accepted", bad)
		}
	}
}

func TestParseLink(t *testing.T) {
	h := `<https://m.s/api/v1/timelines/public?max_id=1&limit=40>; rel="next", <https://m.s/api/v1/timelines/public?min_id=9,x>; rel="prev"`
	want := map[string]string{
		"next": "https://m.s/api/v1/timelines/public?max_id=1&limit=40",
		"prev": "https://m.s/api/v1/timelines/public?min_id=9,x",
	}
	if got := ParseLink(h); !reflect.DeepEqual(got, want) {
		t.Errorf("ParseLink = %v", got)
	}
	if got := ParseLink(`<a>; rel="prev next"; title="a, b", <b>;REL=Last`); got["prev"] != "a" || got["next"] != "a" || got["last"] != "b" {
		t.Errorf("ParseLink multi = %v", got)
	}
	for _, junk := range []string{"", "garbage", "<unterminated", `; rel="next"`, "<>; rel=next"} {
		if got := ParseLink(junk); len(got) != 0 {
			t.Errorf("ParseLink(%q) = %v", junk, got)
		}
	}
}

func FuzzParseLink(f *testing.F) {
	f.Add(`<https://m.s/a?max_id=1>; rel="next", <https://m.s/a?min_id=9>; rel="prev"`)
	f.Add(`<a>; rel="prev next"; title="a, b", <b>;REL=Last`)
	f.Fuzz(func(t *testing.T, h string) {
		for rel, u := range ParseLink(h) {
			if u == "" || rel == "" || strings.ContainsAny(u, "<>") {
				t.Fatalf("ParseLink(%q) gave %q -> %q", h, rel, u)
			}
		}
	})
}

func FuzzParseURL(f *testing.F) {
	for _, s := range []string{"https://m.s/public", "https://m.s/tags/x", "https://m.s/@a@b.c", "https://m.s/public/local"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tgt, err := ParseURL(s)
		if err != nil {
			return
		}
		if tgt.Host == "" || tgt.Timeline == "" {
			t.Fatalf("ParseURL(%q) = %+v", s, tgt)
		}
	})
}

func FuzzDecodeStatuses(f *testing.F) {
	for _, name := range []string{"tag_rstats.json", "public_local.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`[{"id":"1","reblog":{"id":"2","reblog":{"id":"3"}},"created_at":"x","media_attachments":[{}],"card":{"url":"u"}}]`))
	f.Add([]byte(`[{"id":1},null,{"id":"2","content":"\u0000<p>"}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		statuses, raws, _, err := DecodeStatuses(b)
		if err != nil {
			return
		}
		for i, s := range statuses {
			p := ToPost(s, raws[i], "m.s", fetchTime)
			if p.PublishedAt.IsZero() || p.Platform != Platform || p.ExternalID == "" {
				t.Fatalf("incomplete post %+v", p)
			}
			if len(p.Raw) > 64<<10 {
				t.Fatalf("raw %d bytes", len(p.Raw))
			}
			if utf8.ValidString(s.Content) && !utf8.ValidString(p.Text) {
				t.Fatalf("text became invalid UTF-8")
			}
		}
	})
}

// TestDatasetStatuses maps every status in the shared mastodon-api-json data
// set (timelines, account statuses, single statuses and thread contexts).
func TestDatasetStatuses(t *testing.T) {
	root := os.Getenv("FACTDESK_DATASETS")
	if root == "" {
		t.Skip("FACTDESK_DATASETS is not set: skipping the Mastodon dataset test (point it at shared/datasets)")
	}
	files, err := filepath.Glob(filepath.Join(root, "mastodon-api-json", "responses", "*.json"))
	if err != nil || len(files) == 0 {
		t.Skipf("no mastodon-api-json responses under %s: %v", root, err)
	}
	var nfiles, nposts, reblogs, withCard, withMedia int
	for _, path := range files {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		arrays := statusArrays(b)
		if arrays == nil {
			continue
		}
		nfiles++
		for _, arr := range arrays {
			statuses, raws, skipped, err := DecodeStatuses(arr)
			if err != nil || len(skipped) > 0 {
				t.Errorf("%s: %v %v", filepath.Base(path), err, skipped)
			}
			for i, s := range statuses {
				p := ToPost(s, raws[i], "example.social", fetchTime)
				nposts++
				if s.Reblog != nil {
					reblogs++
				}
				if s.Card != nil {
					withCard++
				}
				if len(s.MediaAttachments) > 0 {
					withMedia++
				}
				if p.ExternalID == "" || p.URL == "" || p.AuthorHandle == "" || p.PublishedAt.Equal(fetchTime) {
					t.Errorf("%s: status %s: incomplete %+v", filepath.Base(path), s.ID, p)
				}
				if p.Text == "" && s.Content != "" {
					t.Errorf("%s: status %s: text lost", filepath.Base(path), s.ID)
				}
			}
		}
	}
	t.Logf("mastodon dataset: %d status files, %d statuses mapped (%d reblogs, %d with card, %d with media)", nfiles, nposts, reblogs, withCard, withMedia)
}

// statusArrays returns the JSON arrays of statuses in a response body: the
// body itself, a single status wrapped, or a context's ancestors and
// descendants. Other bodies (accounts, instance, ...) give nil.
func statusArrays(b []byte) [][]byte {
	var probe any
	if json.Unmarshal(b, &probe) != nil {
		return nil
	}
	isStatus := func(v any) bool {
		m, ok := v.(map[string]any)
		_, hasContent := m["content"]
		_, hasAccount := m["account"]
		return ok && hasContent && hasAccount
	}
	switch v := probe.(type) {
	case []any:
		if len(v) > 0 && isStatus(v[0]) {
			return [][]byte{b}
		}
	case map[string]any:
		if isStatus(v) {
			return [][]byte{append(append([]byte("["), b...), ']')}
		}
		var ctx struct{ Ancestors, Descendants json.RawMessage }
		if _, ok := v["descendants"]; ok && json.Unmarshal(b, &ctx) == nil {
			return [][]byte{ctx.Ancestors, ctx.Descendants}
		}
	}
	return nil
}
