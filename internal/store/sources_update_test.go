package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

func refOf[T any](v T) *T { return &v }

func TestUpdateSource(t *testing.T) {
	storetest.Each(t, clock.NewFake(t0), func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, err := db.CreateSource(ctx, "test", store.Source{Kind: "rss", Name: "Tuổi Trẻ", URL: "https://tuoitre.vn/rss",
			Every: 5 * time.Minute, Settings: map[string]string{"limit": "20"}})
		if err != nil {
			t.Fatal(err)
		}
		other, err := db.CreateSource(ctx, "test", store.Source{Kind: "rss", Name: "Other", URL: "https://other.example/rss"})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.RecordFetch(ctx, s.ID, store.FetchOutcome{ETag: `"v1"`, Cursor: "c1", NextPollAt: t0.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}

		got, err := db.UpdateSource(ctx, "user:1", s.ID, store.SourceChanges{Name: refOf(" Tuổi Trẻ Online "), Every: refOf(10 * time.Minute),
			Settings: map[string]string{"access_token": "secret"}})
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Tuổi Trẻ Online" || got.Every != 10*time.Minute || got.Settings["access_token"] != "secret" || got.Settings["limit"] != "" {
			t.Fatalf("after update: %+v", got)
		}
		if got.ETag != `"v1"` || got.Cursor != "c1" {
			t.Errorf("same URL cleared the cursors: %+v", got)
		}

		got, err = db.UpdateSource(ctx, "user:1", s.ID, store.SourceChanges{URL: refOf("https://tuoitre.vn/rss/moi.rss")})
		if err != nil {
			t.Fatal(err)
		}
		if got.URL != "https://tuoitre.vn/rss/moi.rss" || got.ETag != "" || got.Cursor != "" || !got.NextPollAt.IsZero() {
			t.Errorf("new URL kept old cursors: %+v", got)
		}

		events, err := db.AuditEvents(ctx, store.AuditFilter{ObjectType: "source"})
		if err != nil {
			t.Fatal(err)
		}
		var updates int
		for _, e := range events {
			if e.Action != "source.update" {
				continue
			}
			updates++
			if e.Actor != "user:1" {
				t.Errorf("audit actor %q", e.Actor)
			}
			if _, leaked := e.Details["access_token"]; leaked {
				t.Errorf("audit records a setting value: %v", e.Details)
			}
		}
		if updates != 2 {
			t.Errorf("%d source.update events, want 2", updates)
		}

		// No change: no event, same source.
		if same, err := db.UpdateSource(ctx, "user:1", s.ID, store.SourceChanges{Name: refOf("Tuổi Trẻ Online")}); err != nil || same.Name != "Tuổi Trẻ Online" {
			t.Fatalf("no-op update: %+v %v", same, err)
		}
		if again, _ := db.AuditEvents(ctx, store.AuditFilter{ObjectType: "source"}); len(again) != len(events) {
			t.Errorf("no-op update wrote an audit event")
		}

		for name, tt := range map[string]struct {
			id   int64
			c    store.SourceChanges
			code apperr.Code
		}{
			"empty name":  {s.ID, store.SourceChanges{Name: refOf("  ")}, apperr.Invalid},
			"fast poll":   {s.ID, store.SourceChanges{Every: refOf(time.Second)}, apperr.Invalid},
			"name taken":  {s.ID, store.SourceChanges{Name: refOf("Other")}, apperr.Conflict},
			"missing":     {424242, store.SourceChanges{Name: refOf("x")}, apperr.NotFound},
			"other taken": {other.ID, store.SourceChanges{Name: refOf("Tuổi Trẻ Online")}, apperr.Conflict},
		} {
			if _, err := db.UpdateSource(ctx, "user:1", tt.id, tt.c); !apperr.Is(err, tt.code) {
				t.Errorf("%s: %v, want %s", name, err, tt.code)
			}
		}

		if err := db.SetSourceState(ctx, "test", other.ID, store.SourceRemoved); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateSource(ctx, "user:1", other.ID, store.SourceChanges{Name: refOf("Back")}); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("update of a removed source: %v", err)
		}
		// The removed source's name is free again.
		if _, err := db.UpdateSource(ctx, "user:1", s.ID, store.SourceChanges{Name: refOf("Other")}); err != nil {
			t.Errorf("rename to a removed source's name: %v", err)
		}
	})
}
