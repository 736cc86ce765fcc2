package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/store"
)

// mixedRecords are two good records and three bad ones, in the import schema.
var mixedRecords = []string{
	`{"id": "p1", "text": "Tin đồn: nước muối chữa được cúm", "published_at": "2026-03-01T08:30:00+07:00", "url": "https://social.example/p1?utm_source=x"}`,
	`{"id": "p2", "text": 5}`,
	`{"id": "p3", "text": "bad date", "published_at": "yesterday"}`,
	`"just a string"`,
	`{"id": 4, "title": "Chỉ có tiêu đề", "metrics": {"likes": 3}, "platform": "facebook"}`,
}

func TestIntakeMixedRecords(t *testing.T) {
	e := newEnv(t)
	tok := e.token("an@example.vn", auth.Analyst, e.unit("A", 0))
	array := "[\n" + strings.Join(mixedRecords, ",\n") + "\n]"
	ndjson := strings.Join(mixedRecords, "\n") + "\n"
	tests := []struct {
		name, contentType, body, source string
		lines                           bool
	}{
		{"array", "application/json", array, "arr", false},
		{"array sniffed", "", array, "sniff-arr", false},
		{"ndjson", "application/x-ndjson", ndjson, "nd", true},
		{"ndjson sniffed", "text/plain; charset=utf-8", ndjson, "sniff-nd", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := e.call(http.MethodPost, "/api/v1/intake?source="+tt.source, tok, tt.contentType, tt.body)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			var out intakeResponse
			decode(t, body, &out)
			if out.Imported != 2 || out.Rejected != 3 || out.Duplicates != 0 || out.Updated != 0 || len(out.Results) != 5 {
				t.Fatalf("counts: %+v", out)
			}
			wantStatus := []string{"imported", "rejected", "rejected", "rejected", "imported"}
			for i, r := range out.Results {
				if r.Index != i || r.Status != wantStatus[i] {
					t.Errorf("result %d: %+v, want status %s", i, r, wantStatus[i])
				}
				if (r.Status == "rejected") != (r.Reason != "") || (r.Status == "imported") != (r.ID != 0) {
					t.Errorf("result %d: reason/id wrong: %+v", i, r)
				}
				if tt.lines && r.Line != i+1 {
					t.Errorf("result %d: line %d", i, r.Line)
				}
			}
			if !strings.Contains(out.Results[1].Reason, "text") || !strings.Contains(out.Results[2].Reason, "published_at") ||
				!strings.Contains(out.Results[3].Reason, "not a JSON object") {
				t.Errorf("reasons do not name the problem: %+v", out.Results)
			}
			src, err := e.db.SourceByName(context.Background(), tt.source)
			if err != nil || src.Kind != "push" || src.ID != out.SourceID {
				t.Fatalf("push source: %+v %v", src, err)
			}
			posts, err := e.db.Posts(context.Background(), store.PostFilter{SourceID: src.ID})
			if err != nil || len(posts) != 2 {
				t.Fatalf("stored %d posts, %v", len(posts), err)
			}
			if posts[0].URL != "https://social.example/p1" || posts[0].Platform != "push" || posts[1].Platform != "facebook" || posts[1].ExternalID != "4" {
				t.Errorf("stored posts: %+v", posts)
			}

			// The same body again stores nothing new.
			_, body = e.call(http.MethodPost, "/api/v1/intake?source="+tt.source, tok, tt.contentType, tt.body)
			var again intakeResponse
			decode(t, body, &again)
			if again.Duplicates != 2 || again.Imported != 0 || again.Rejected != 3 {
				t.Errorf("second push: %+v", again)
			}
		})
	}
}

func TestIntakeUpdatesAndDefaults(t *testing.T) {
	e := newEnv(t)
	tok := e.token("an@example.vn", auth.Analyst, e.unit("A", 0))
	resp, body := e.call(http.MethodPost, "/api/v1/intake", tok, "application/json", `[{"id": "x", "text": "Bản đầu"}]`)
	var first intakeResponse
	decode(t, body, &first)
	if resp.StatusCode != http.StatusOK || first.Source != "push" || first.Imported != 1 {
		t.Fatalf("first: %d %s", resp.StatusCode, body)
	}
	_, body = e.call(http.MethodPost, "/api/v1/intake", tok, "application/json", `[{"id": "x", "text": "Bản đã sửa"}]`)
	var second intakeResponse
	decode(t, body, &second)
	if second.Updated != 1 || second.Results[0].Status != "updated" || second.Results[0].ID != first.Results[0].ID {
		t.Errorf("edit: %s", body)
	}
	_, body = e.call(http.MethodPost, "/api/v1/intake", tok, "application/json", `[]`)
	var empty intakeResponse
	decode(t, body, &empty)
	if len(empty.Results) != 0 || empty.Imported != 0 {
		t.Errorf("empty array: %s", body)
	}
}

func TestIntakeRefusals(t *testing.T) {
	e := newEnv(t, func(d *Deps) { d.MaxBody = 1000 })
	unit := e.unit("A", 0)
	analyst := e.token("an@example.vn", auth.Analyst, unit)
	viewer := e.token("vi@example.vn", auth.Viewer, unit)
	if _, err := e.db.CreateSource(context.Background(), "test", store.Source{Kind: "rss", Name: "Báo A", URL: "https://a.example/rss"}); err != nil {
		t.Fatal(err)
	}
	big := `[{"text": "` + strings.Repeat("a", 2000) + `"}]`
	tests := []struct {
		name, token, query, contentType, body string
		status                                int
		code, detail                          string
	}{
		{"no token", "", "", "application/json", `[]`, http.StatusUnauthorized, "unauthorized", "token"},
		{"viewer", viewer, "", "application/json", `[]`, http.StatusForbidden, "forbidden", "analyst"},
		{"too large", analyst, "", "application/json", big, http.StatusRequestEntityTooLarge, "too_large", "1000 bytes"},
		{"empty body", analyst, "", "application/json", "  \n", http.StatusBadRequest, "invalid", "no records"},
		{"json object", analyst, "", "application/json", `{"text": "one"}`, http.StatusBadRequest, "invalid", "array"},
		{"broken array", analyst, "", "application/json", `[{"text": "a"}, {"text": ]`, http.StatusBadRequest, "invalid", "record 1"},
		{"cut array", analyst, "", "application/json", `[{"text": "a"}`, http.StatusBadRequest, "invalid", "ends early"},
		{"trailing data", analyst, "", "application/json", `[{"text": "a"}] x`, http.StatusBadRequest, "invalid", "after the JSON array"},
		{"xml", analyst, "", "application/xml", `<posts/>`, http.StatusBadRequest, "invalid", "Content-Type"},
		{"rss source name", analyst, "?source=B%C3%A1o%20A", "application/json", `[{"text": "a"}]`, http.StatusConflict, "conflict", "rss source"},
	}
	for _, tt := range tests {
		resp, body := e.call(http.MethodPost, "/api/v1/intake"+tt.query, tt.token, tt.contentType, tt.body)
		p := checkProblem(t, resp, body, tt.status, tt.code)
		if !strings.Contains(p.Detail, tt.detail) {
			t.Errorf("%s: detail %q lacks %q", tt.name, p.Detail, tt.detail)
		}
	}
	// Nothing of the refused bodies was stored.
	if posts, _ := e.db.Posts(context.Background(), store.PostFilter{}); len(posts) != 0 {
		t.Errorf("refused bodies stored %d posts", len(posts))
	}
}

func TestIntakeLongNDJSONLine(t *testing.T) {
	e := newEnv(t, func(d *Deps) { d.MaxBody = 4 << 20 })
	tok := e.token("an@example.vn", auth.Analyst, e.unit("A", 0))
	body := fmt.Sprintf("{\"text\": \"ok\"}\n{\"text\": \"%s\"}\n{\"text\": \"also ok\"}\n", strings.Repeat("x", 1<<20+10))
	resp, out := e.call(http.MethodPost, "/api/v1/intake", tok, "application/x-ndjson", body)
	var res intakeResponse
	decode(t, out, &res)
	if resp.StatusCode != http.StatusOK || res.Imported != 2 || res.Rejected != 1 || res.Results[1].Line != 2 {
		t.Errorf("long line: %d %+v", resp.StatusCode, res)
	}
}
