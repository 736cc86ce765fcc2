package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/demo"
	"github.com/factdesk/factdesk/internal/intake"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

func TestSeedOnce(t *testing.T) {
	db := storetest.OpenSQLite(t, clock.NewFake(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)))
	ctx := context.Background()
	res, err := demo.Seed(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Seeded || res.Units < 6 || res.AdminPassword == "" {
		t.Fatalf("first seed: %+v", res)
	}
	admin, err := db.UserByEmail(ctx, demo.AdminEmail)
	if err != nil {
		t.Fatal(err)
	}
	if err := auth.CheckPassword(admin.PasswordHash, res.AdminPassword); err != nil {
		t.Fatalf("printed password does not log in: %v", err)
	}
	again, err := demo.Seed(ctx, db)
	if err != nil || again.Seeded {
		t.Fatalf("second seed: %+v %v", again, err)
	}
	units, _ := db.Units(ctx)
	var folded bool
	for _, u := range units {
		for _, a := range u.Aliases {
			if a == "Da Nang" {
				folded = true
			}
		}
	}
	if !folded {
		t.Fatal("aliases without diacritics missing")
	}
}

type direct struct{ db *store.DB }

func (d direct) Submit(ctx context.Context, posts []post.Post, _ func(int)) (intake.Summary, error) {
	res, err := d.db.UpsertPosts(ctx, posts)
	var s intake.Summary
	for i, r := range res {
		s.Add(intake.Outcome{Seq: i, Status: string(r.Status)})
	}
	return s, err
}

func TestSeedPosts(t *testing.T) {
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	db := storetest.OpenSQLite(t, clock.NewFake(now))
	n, err := demo.SeedPosts(context.Background(), db, direct{db}, now)
	if err != nil || n < 30 {
		t.Fatalf("seeded %d: %v", n, err)
	}
	st, _ := db.Stats(context.Background())
	if st["posts"] != int64(n) || st["sources"] < 3 {
		t.Fatalf("stats %v", st)
	}
}
