package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/demo"
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
