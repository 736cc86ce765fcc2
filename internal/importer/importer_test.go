package importer

import (
	"strings"
	"testing"
	"time"
)

func readAll(t *testing.T, in string, opt Options) []Record {
	t.Helper()
	var out []Record
	if err := Read(strings.NewReader(in), opt, func(r Record) error { out = append(out, r); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestJSONL(t *testing.T) {
	in := "\ufeff" + `{"id": 17, "text": "Tin giả về vắc-xin", "published_at": "2026-03-01T08:30:00+07:00", "metrics": {"likes": 3}, "story": "s1"}
{"id": "a", "text": 5}

not json
{"title": "Only a title", "published_at": 1767225600}
{"text": "bad date", "published_at": "yesterday"}
{"text": "bad metrics", "metrics": {"likes": -1}}
{"id": "x", "text": "   "}
{"text": "ms time", "published_at": 1767225600123, "lang": "vi"}
`
	recs := readAll(t, in, Options{Format: "jsonl"})
	if len(recs) != 8 {
		t.Fatalf("got %d records: %+v", len(recs), recs)
	}
	want := []struct {
		line int
		err  string
	}{{1, ""}, {2, "text: want a string"}, {4, "not a JSON object"}, {5, ""}, {6, "published_at"}, {7, "metrics: likes"}, {8, "text: missing"}, {9, ""}}
	for i, w := range want {
		r := recs[i]
		if r.Line != w.line {
			t.Errorf("record %d: line %d, want %d", i, r.Line, w.line)
		}
		if (w.err == "") != (r.Err == nil) || (r.Err != nil && !strings.Contains(r.Err.Error(), w.err)) {
			t.Errorf("line %d: err %v, want %q", r.Line, r.Err, w.err)
		}
	}
	p := recs[0].Post
	if p.ExternalID != "17" || p.Metrics["likes"] != 3 || recs[0].Label != "s1" || !p.PublishedAt.Equal(time.Date(2026, 3, 1, 1, 30, 0, 0, time.UTC)) {
		t.Fatalf("post = %+v", p)
	}
	if got := recs[7].Post.PublishedAt; got.UnixMilli() != 1767225600123 {
		t.Fatalf("ms time = %v", got)
	}
}

func TestCSVWithMapping(t *testing.T) {
	in := "post_id,message,when,likes\n1,\"Đà Nẵng, mưa lớn\",01/03/2026 08:30,\n2,,2026-03-01,\n3,\"multi\nline\",bad,\n"
	m, err := ParseMapping("id=post_id, text=message, published_at=when")
	if err != nil {
		t.Fatal(err)
	}
	recs := readAll(t, in, Options{Format: "csv", Mapping: m})
	if len(recs) != 3 || recs[0].Err != nil || recs[0].Post.Text != "Đà Nẵng, mưa lớn" || recs[0].Post.PublishedAt.Day() != 1 || recs[0].Post.PublishedAt.Month() != 3 {
		t.Fatalf("recs = %+v", recs)
	}
	if recs[1].Err == nil || recs[1].Line != 3 {
		t.Fatalf("empty text: %+v", recs[1])
	}
	if recs[2].Err == nil || recs[2].Line != 4 || !strings.Contains(recs[2].Err.Error(), "published_at") {
		t.Fatalf("bad date: %+v", recs[2])
	}
	if err := Read(strings.NewReader("a,b\n1,2\n"), Options{Format: "csv"}, func(Record) error { return nil }); err == nil || !strings.Contains(err.Error(), "--map text=") {
		t.Fatalf("missing text column: %v", err)
	}
	if _, err := ParseMapping("colour=x"); err == nil {
		t.Fatal("unknown field accepted")
	}
}

func TestLongLine(t *testing.T) {
	in := `{"text": "` + strings.Repeat("a", MaxLineBytes+10) + "\"}\n" + `{"text": "ok"}` + "\n"
	recs := readAll(t, in, Options{})
	if len(recs) != 2 || recs[0].Err == nil || recs[1].Err != nil || recs[1].Line != 2 {
		t.Fatalf("recs: %d %v", len(recs), recs[0].Err)
	}
}

func TestParseTime(t *testing.T) {
	for _, s := range []string{"2026-03-01T08:30:00Z", "2026-03-01 08:30:00", "Sun, 01 Mar 2026 08:30:00 +0700", "1772353800", "Mar 1, 2026"} {
		if _, err := ParseTime(s); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	for _, s := range []string{"", "soon", "-5", "99999999999999999"} {
		if _, err := ParseTime(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte(`{"id":1,"text":"x","metrics":{"a":1}}`+"\n"), false)
	f.Add([]byte("text,id\n\"a\",1\n"), true)
	f.Fuzz(func(t *testing.T, in []byte, csv bool) {
		opt := Options{Format: "jsonl"}
		if csv {
			opt.Format = "csv"
		}
		_ = Read(strings.NewReader(string(in)), opt, func(r Record) error {
			if r.Err == nil && strings.TrimSpace(r.Post.Text) == "" && strings.TrimSpace(r.Post.Title) == "" {
				t.Fatalf("empty post accepted at line %d", r.Line)
			}
			return nil
		})
	})
}
