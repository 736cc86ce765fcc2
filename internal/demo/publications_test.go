package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/demo"
	"github.com/factdesk/factdesk/internal/publish"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

func TestSeedPublications(t *testing.T) {
	now := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	db := storetest.OpenSQLite(t, clock.NewFake(now))
	ctx := context.Background()
	if _, err := demo.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	svc := &publish.Service{Store: db, BaseURL: "http://127.0.0.1:8080"}
	n, err := demo.SeedPublications(ctx, db, svc, now)
	if err != nil || n != 5 {
		t.Fatalf("seeded %d: %v", n, err)
	}
	facts, _, err := db.Publications(ctx, publish.Filter{Kind: publish.FactCheck, Public: true})
	if err != nil || len(facts) != 3 {
		t.Fatalf("fact-checks %d: %v", len(facts), err)
	}
	langs := map[string]bool{}
	for _, p := range facts {
		langs[p.Language] = true
		if p.Status != publish.Published || p.ClaimID == 0 || len(p.Appearances) == 0 || p.ClaimDate.IsZero() || p.Claimant == "" || p.RatingText == "" {
			t.Errorf("%q: %s, claim %d", p.Title, p.Status, p.ClaimID)
		}
	}
	notices, _, _ := db.Publications(ctx, publish.Filter{Kind: publish.Notice, Public: true})
	if len(notices) != 2 || !langs["vi"] || !langs["en"] {
		t.Fatalf("notices %d, fact-check languages %v", len(notices), langs)
	}
}
