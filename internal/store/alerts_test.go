package store_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

func TestAlerts(t *testing.T) {
	c := clock.NewFake(t0)
	storetest.Each(t, c, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		bucket := t0.Add(-time.Hour)
		spike := store.Alert{Kind: "spike_story", Key: "story:12", StoryID: 12, BucketStart: bucket, At: bucket.Add(9 * time.Minute),
			Score: 31.5, Explanation: "story 12: 48 posts from 12 sources in the last 10 min; usually 3 ± 2",
			Details: json.RawMessage(`{"count":48,"sources":12,"expected":3.1,"stddev":1.8}`)}
		term := store.Alert{Kind: "spike_term", Key: "term:thuy dien", BucketStart: bucket.Add(10 * time.Minute), At: bucket.Add(15 * time.Minute),
			Explanation: `term "thuy dien": 20 posts`}
		batch := []store.Alert{spike, term}
		raisedAt := c.Now()
		n, err := db.InsertAlerts(ctx, batch)
		if err != nil || n != 2 || batch[0].ID == 0 || batch[1].Status != store.AlertOpen {
			t.Fatalf("insert: %d %v %+v", n, err, batch)
		}
		// Redelivery stores nothing new and writes no audit event.
		events, _ := db.AuditEvents(ctx, store.AuditFilter{ObjectType: "alert"})
		c.Advance(time.Minute)
		if n, err := db.InsertAlerts(ctx, []store.Alert{spike, term}); err != nil || n != 0 {
			t.Fatalf("again: %d %v", n, err)
		}
		again, _ := db.AuditEvents(ctx, store.AuditFilter{ObjectType: "alert"})
		if len(events) != 2 || len(again) != 2 || events[0].Action != "alert.raise" || events[0].Actor != "system" {
			t.Fatalf("audit events %+v then %d", events, len(again))
		}
		if _, err := db.InsertAlerts(ctx, []store.Alert{{Kind: "spike_story"}}); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("no key: %v", err)
		}
		if _, err := db.InsertAlerts(ctx, []store.Alert{{Kind: "rumour", Key: "x", Explanation: "x"}}); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("unknown kind: %v", err)
		}

		all, err := db.Alerts(ctx, store.AlertFilter{})
		if err != nil || len(all) != 2 || all[0].Kind != "spike_term" {
			t.Fatalf("list: %+v %v", all, err)
		}
		got := all[1]
		if got.StoryID != 12 || !got.At.Equal(spike.At) || !got.BucketStart.Equal(bucket) || got.Score != 31.5 ||
			got.Explanation != spike.Explanation || !got.CreatedAt.Equal(raisedAt) || got.Status != "open" {
			t.Fatalf("stored %+v", got)
		}
		var d map[string]float64
		if err := json.Unmarshal(got.Details, &d); err != nil || d["count"] != 48 {
			t.Fatalf("details %s: %v", got.Details, err)
		}
		for _, c := range []struct {
			f    store.AlertFilter
			want int
		}{
			{store.AlertFilter{Kinds: []string{"spike_story", "new_story"}}, 1},
			{store.AlertFilter{Status: "open"}, 2},
			{store.AlertFilter{Status: "dismissed"}, 0},
			{store.AlertFilter{StoryID: 12}, 1},
			{store.AlertFilter{Since: bucket.Add(10 * time.Minute)}, 1},
			{store.AlertFilter{Limit: 1}, 1},
		} {
			if list, err := db.Alerts(ctx, c.f); err != nil || len(list) != c.want {
				t.Errorf("%+v: %d alerts, %v; want %d", c.f, len(list), err, c.want)
			}
		}
		if one, err := db.Alert(ctx, got.ID); err != nil || one.Key != "story:12" {
			t.Fatalf("Alert: %+v %v", one, err)
		}
		if _, err := db.Alert(ctx, 999); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("missing alert: %v", err)
		}
		if n, err := db.VerifyAudit(ctx); err != nil || n < 2 {
			t.Fatalf("audit chain: %d %v", n, err)
		}
	})
}

func TestSignalStateAndPostsPublished(t *testing.T) {
	storetest.Each(t, clock.NewFake(t0), func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.SignalState(ctx, "spikes"); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("no state: %v", err)
		}
		for _, data := range [][]byte{{1, 2, 3}, {4, 5}} {
			if err := db.SaveSignalState(ctx, store.SignalState{Name: "spikes", Watermark: t0, Data: data}); err != nil {
				t.Fatal(err)
			}
		}
		st, err := db.SignalState(ctx, "spikes")
		if err != nil || string(st.Data) != "\x04\x05" || !st.Watermark.Equal(t0) {
			t.Fatalf("state %+v %v", st, err)
		}

		if latest, err := db.LatestPublished(ctx); err != nil || !latest.IsZero() {
			t.Fatalf("latest of none: %v %v", latest, err)
		}
		src, _ := db.EnsureSource(ctx, "test", "import", "file")
		var posts []post.Post
		for i, m := range []int{30, 10, 10, 20, 50} {
			at := t0.Add(time.Duration(m) * time.Minute)
			posts = append(posts, post.Post{SourceID: src.ID, ExternalID: string(rune('a' + i)), Text: "x", ContentHash: string(rune('a' + i)),
				AuthorHandle: "@h", Lang: "vi", PublishedAt: at, FetchedAt: at})
		}
		if _, err := db.UpsertPosts(ctx, posts); err != nil {
			t.Fatal(err)
		}
		var got []string
		var cur store.PublishedCursor
		for {
			page, err := db.PostsPublished(ctx, t0.Add(10*time.Minute), t0.Add(50*time.Minute), cur, 2)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			for _, p := range page {
				got = append(got, p.PublishedAt.Sub(t0).String()+"/"+p.AuthorHandle)
			}
			last := page[len(page)-1]
			cur = store.PublishedCursor{At: last.PublishedAt, ID: last.ID}
		}
		want := "[10m0s/@h 10m0s/@h 20m0s/@h 30m0s/@h]"
		if g := fmtList(got); g != want {
			t.Fatalf("paged %s, want %s", g, want)
		}
		if latest, err := db.LatestPublished(ctx); err != nil || !latest.Equal(t0.Add(50*time.Minute)) {
			t.Fatalf("latest: %v %v", latest, err)
		}
	})
}

func fmtList(s []string) string {
	out := "["
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out + "]"
}
