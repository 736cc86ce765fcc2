package store_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

func sampleClaims() []claim.Claim {
	return []claim.Claim{
		{Text: "Uống nước chanh nóng chữa khỏi ung thư", Verdict: claim.False, RatingText: "Sai sự thật",
			ReviewURL: "https://factcheck.example.vn/bai/nuoc-chanh?utm_source=x", Publisher: "Báo Kiểm Chứng",
			ReviewDate: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC), Appearances: []string{"https://social.example/p/1"},
			Tags: []string{"Sức khỏe", "sức khỏe"}, Lang: "vi"},
		{Text: "The dam in Da Nang collapsed last night", Verdict: claim.Unproven, Publisher: "Desk", Summary: "No report of a collapse 100% confirmed_yet"},
		{Key: "checkthat:7", Text: "5G towers spread the virus", Title: "Do 5G towers spread COVID-19?", Verdict: claim.False},
	}
}

func TestClaimsUpsert(t *testing.T) {
	c := clock.NewFake(t0)
	storetest.Each(t, c, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		start := c.Now()
		out, err := db.UpsertClaims(ctx, "cli", sampleClaims())
		if err != nil || len(out) != 3 || out[0].Status != store.ClaimInserted || out[2].Status != store.ClaimInserted {
			t.Fatalf("insert: %+v %v", out, err)
		}
		got, err := db.Claim(ctx, out[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Key != "https://factcheck.example.vn/bai/nuoc-chanh" || got.ReviewURL != got.Key || !slices.Equal(got.Tags, []string{"sức khỏe"}) ||
			!got.ReviewDate.Equal(time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)) || !got.CreatedAt.Equal(start) || got.Verdict != claim.False ||
			len(got.Appearances) != 1 || got.ClaimDate != (time.Time{}) || got.Lang != "vi" {
			t.Fatalf("stored %+v", got)
		}
		second, _ := db.Claim(ctx, out[1].ID)
		if len(second.Key) != len("sha256:")+64 || second.Lang != "en" {
			t.Fatalf("hash key %q lang %q", second.Key, second.Lang)
		}

		// The same input again changes nothing and writes no audit event.
		events, _ := db.AuditEvents(ctx, store.AuditFilter{ObjectType: "claim"})
		c.Advance(time.Minute)
		again, err := db.UpsertClaims(ctx, "cli", sampleClaims())
		if err != nil || again[0] != (store.UpsertOutcome{ID: out[0].ID, Status: store.ClaimUnchanged}) || again[2].Status != store.ClaimUnchanged {
			t.Fatalf("again: %+v %v", again, err)
		}
		if after, _ := db.AuditEvents(ctx, store.AuditFilter{ObjectType: "claim"}); len(events) != 3 || len(after) != 3 || events[0].Action != "claim.create" {
			t.Fatalf("audit %+v then %d", events, len(after))
		}

		// A changed verdict is an update, audited with the fields that changed.
		changed := sampleClaims()[:1]
		changed[0].Verdict, changed[0].RatingText = claim.Misleading, "Gây hiểu lầm"
		up, err := db.UpsertClaims(ctx, "cli", changed)
		if err != nil || up[0].Status != store.ClaimUpdated || up[0].ID != out[0].ID {
			t.Fatalf("update: %+v %v", up, err)
		}
		ev, _ := db.AuditEvents(ctx, store.AuditFilter{ObjectType: "claim", AfterID: events[2].ID})
		if len(ev) != 1 || ev[0].Action != "claim.update" || ev[0].Details["old_verdict"] != "false" {
			t.Fatalf("update events %+v", ev)
		}
		if ch, _ := ev[0].Details["changed"].([]any); len(ch) != 2 || ch[0] != "verdict" || ch[1] != "rating_text" {
			t.Fatalf("changed %v", ev[0].Details["changed"])
		}
		if u, _ := db.Claim(ctx, out[0].ID); !u.UpdatedAt.Equal(start.Add(time.Minute)) || !u.CreatedAt.Equal(start) {
			t.Fatalf("times %v %v", u.CreatedAt, u.UpdatedAt)
		}

		if _, err := db.UpsertClaims(ctx, "cli", []claim.Claim{{Text: "x", Verdict: "rumour"}}); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("bad verdict: %v", err)
		}
		if _, err := db.UpsertClaims(ctx, "cli", []claim.Claim{{Verdict: claim.True}}); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("no text: %v", err)
		}
		if _, err := db.Claim(ctx, 999); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("missing: %v", err)
		}
		if k, err := db.ClaimByKey(ctx, "checkthat:7"); err != nil || k.ID != out[2].ID {
			t.Fatalf("by key: %+v %v", k, err)
		}
		stats, err := db.Stats(ctx)
		if err != nil || stats["claims"] != 3 {
			t.Fatalf("stats %v %v", stats, err)
		}
	})
}

func TestClaimsQuery(t *testing.T) {
	c := clock.NewFake(t0)
	storetest.Each(t, c, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		start := c.Now()
		out, err := db.UpsertClaims(ctx, "cli", sampleClaims())
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			f    store.ClaimFilter
			want []int64
		}{
			{store.ClaimFilter{}, []int64{out[2].ID, out[1].ID, out[0].ID}},
			{store.ClaimFilter{Query: "nuoc chanh"}, []int64{out[0].ID}},
			{store.ClaimFilter{Query: "NƯỚC Chanh"}, []int64{out[0].ID}},
			{store.ClaimFilter{Query: "covid-19"}, []int64{out[2].ID}}, // title
			{store.ClaimFilter{Query: "100%"}, []int64{out[1].ID}},     // summary, a literal %
			{store.ClaimFilter{Query: "d_m"}, nil},                     // a literal _
			{store.ClaimFilter{Verdict: claim.False}, []int64{out[2].ID, out[0].ID}},
			{store.ClaimFilter{Verdict: claim.False, Lang: "VI"}, []int64{out[0].ID}},
			{store.ClaimFilter{Limit: 1, Offset: 1}, []int64{out[1].ID}},
		} {
			list, err := db.Claims(ctx, tc.f)
			var ids []int64
			for _, c := range list {
				ids = append(ids, c.ID)
			}
			if err != nil || !slices.Equal(ids, tc.want) {
				t.Errorf("%+v: %v %v, want %v", tc.f, ids, err, tc.want)
			}
		}
		page, err := db.AllClaims(ctx, out[0].ID, 1)
		if err != nil || len(page) != 1 || page[0].ID != out[1].ID {
			t.Fatalf("AllClaims: %+v %v", page, err)
		}
		c.Advance(time.Hour)
		edit, _ := db.Claim(ctx, out[1].ID)
		edit.Verdict, edit.Summary, edit.Tags = claim.False, "Officials denied it.", []string{"Flood"}
		saved, err := db.UpdateClaim(ctx, "user:1", edit)
		if err != nil || saved.Verdict != claim.False || saved.Key != edit.Key || !saved.UpdatedAt.Equal(start.Add(time.Hour)) {
			t.Fatalf("UpdateClaim: %+v %v", saved, err)
		}
		if same, err := db.UpdateClaim(ctx, "user:1", saved); err != nil || !same.UpdatedAt.Equal(saved.UpdatedAt) {
			t.Fatalf("no-op edit: %+v %v", same, err)
		}
		ev, _ := db.AuditEvents(ctx, store.AuditFilter{ObjectType: "claim", ObjectID: strconv.FormatInt(out[1].ID, 10)})
		if len(ev) != 2 || ev[1].Actor != "user:1" || ev[1].Action != "claim.update" {
			t.Fatalf("edit events %+v", ev)
		}
		changed, err := db.ClaimsChangedSince(ctx, start.Add(time.Minute))
		if err != nil || len(changed) != 1 || changed[0].ID != out[1].ID || changed[0].Tags[0] != "flood" {
			t.Fatalf("changed since: %+v %v", changed, err)
		}
		if _, err := db.UpdateClaim(ctx, "user:1", claim.Claim{ID: 999, Text: "x", Verdict: claim.True}); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("missing edit: %v", err)
		}
		edit.Text = ""
		if _, err := db.UpdateClaim(ctx, "user:1", edit); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("empty edit: %v", err)
		}
	})
}
