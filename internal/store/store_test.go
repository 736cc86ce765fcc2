package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

var t0 = time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)

// The contract suite: every test here runs against SQLite and PostgreSQL.

func TestMigrateFromEmpty(t *testing.T) {
	storetest.Each(t, clock.NewFake(t0), func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		st, err := db.MigrationStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !st.UpToDate() || st.Current < 1 {
			t.Fatalf("after migrate: %+v", st)
		}
		again, err := db.Migrate(ctx)
		if err != nil || len(again.Applied) != 0 {
			t.Fatalf("second migrate applied %v, err %v", again.Applied, err)
		}
		if err := db.Ping(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

func TestUnits(t *testing.T) {
	storetest.Each(t, clock.NewFake(t0), func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		prov, err := db.CreateUnit(ctx, "test", auth.Unit{Name: " Đà Nẵng ", Level: "province", Aliases: []string{"Da Nang", "Đà Nẵng", "Da Nang", " "}})
		if err != nil {
			t.Fatal(err)
		}
		if prov.ID == 0 || prov.Name != "Đà Nẵng" || len(prov.Aliases) != 2 {
			t.Fatalf("created %+v", prov)
		}
		child, err := db.CreateUnit(ctx, "test", auth.Unit{Name: "Hải Châu", ParentID: prov.ID})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Unit(ctx, child.ID)
		if err != nil || got.ParentID != prov.ID || !got.CreatedAt.Equal(t0) {
			t.Fatalf("Unit = %+v, %v", got, err)
		}
		if _, err := db.CreateUnit(ctx, "test", auth.Unit{Name: "Orphan", ParentID: 9999}); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("missing parent: %v", err)
		}
		if _, err := db.CreateUnit(ctx, "test", auth.Unit{Name: "  "}); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("empty name: %v", err)
		}
		if _, err := db.Unit(ctx, 424242); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("missing unit: %v", err)
		}
		all, err := db.Units(ctx)
		if err != nil || len(all) != 2 || all[0].Aliases[0] != "Da Nang" {
			t.Fatalf("Units = %+v, %v", all, err)
		}
	})
}

func TestUsersMembershipsTokens(t *testing.T) {
	c := clock.NewFake(t0)
	storetest.Each(t, c, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		unit, err := db.CreateUnit(ctx, "test", auth.Unit{Name: "Newsroom"})
		if err != nil {
			t.Fatal(err)
		}
		u, err := db.CreateUser(ctx, "test", auth.User{Email: " Lan@Example.org ", Name: "Lan", PasswordHash: "h", Locale: "vi"},
			&auth.Membership{UnitID: unit.ID, Role: auth.Editor})
		if err != nil {
			t.Fatal(err)
		}
		if u.Email != "lan@example.org" {
			t.Fatalf("email not normalised: %q", u.Email)
		}
		if _, err := db.CreateUser(ctx, "test", auth.User{Email: "LAN@example.org", Name: "Other", PasswordHash: "h"}, nil); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("duplicate e-mail: %v", err)
		}
		if _, err := db.CreateUser(ctx, "test", auth.User{Email: "not-an-email", Name: "", PasswordHash: "h"}, nil); len(apperr.FieldsOf(err)) != 2 {
			t.Fatalf("bad user: %v", err)
		}
		if _, err := db.CreateUser(ctx, "test", auth.User{Email: "x@example.org", Name: "X", PasswordHash: "h"},
			&auth.Membership{UnitID: 999, Role: auth.Viewer}); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("membership in a missing unit: %v", err)
		}
		if _, err := db.UserByEmail(ctx, "x@example.org"); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("failed create must leave no user: %v", err)
		}
		got, err := db.UserByEmail(ctx, "LAN@EXAMPLE.ORG")
		if err != nil || got.ID != u.ID || got.Locale != "vi" {
			t.Fatalf("UserByEmail = %+v, %v", got, err)
		}
		if err := db.SetMembership(ctx, "test", auth.Membership{UserID: u.ID, UnitID: unit.ID, Role: auth.Lead}); err != nil {
			t.Fatal(err)
		}
		ms, err := db.Memberships(ctx, u.ID)
		if err != nil || len(ms) != 1 || ms[0].Role != auth.Lead {
			t.Fatalf("Memberships = %+v, %v", ms, err)
		}
		if err := db.SetPassword(ctx, "test", u.ID, "h2"); err != nil {
			t.Fatal(err)
		}
		if err := db.SetLocale(ctx, "test", 777, "en"); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("locale of missing user: %v", err)
		}

		tok, secret, err := db.CreateToken(ctx, "test", u.ID, "ci", t0.Add(time.Hour))
		if err != nil || tok.ID == 0 {
			t.Fatal(err)
		}
		who, _, err := db.UserByToken(ctx, secret)
		if err != nil || who.ID != u.ID || who.PasswordHash != "h2" {
			t.Fatalf("UserByToken = %+v, %v", who, err)
		}
		if _, _, err := db.UserByToken(ctx, secret+"x"); !apperr.Is(err, apperr.Unauthorized) {
			t.Fatalf("wrong token: %v", err)
		}
		c.Advance(2 * time.Hour)
		defer c.Set(t0)
		if _, _, err := db.UserByToken(ctx, secret); !apperr.Is(err, apperr.Unauthorized) {
			t.Fatalf("expired token: %v", err)
		}
		stats, err := db.Stats(ctx)
		if err != nil || stats["users"] != 1 || stats["units"] != 1 || stats["api_tokens"] != 1 {
			t.Fatalf("Stats = %v, %v", stats, err)
		}
	})
}

func TestAuditChain(t *testing.T) {
	storetest.Each(t, clock.NewFake(t0), func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, name := range []string{"A", "B", "C"} {
			if _, err := db.CreateUnit(ctx, "user:1", auth.Unit{Name: name}); err != nil {
				t.Fatal(err)
			}
		}
		n, err := db.VerifyAudit(ctx)
		if err != nil || n != 3 {
			t.Fatalf("VerifyAudit = %d, %v", n, err)
		}
		events, err := db.AuditEvents(ctx, store.AuditFilter{ObjectType: "unit", ObjectID: "2"})
		if err != nil || len(events) != 1 || events[0].Action != "unit.create" || events[0].Details["name"] != "B" {
			t.Fatalf("AuditEvents = %+v, %v", events, err)
		}
		if err := db.TamperForTest(ctx, "UPDATE audit_events SET actor = 'mallory'"); err == nil {
			t.Fatal("audit log accepted an UPDATE")
		}
		if err := db.TamperForTest(ctx, "DELETE FROM audit_events"); err == nil {
			t.Fatal("audit log accepted a DELETE")
		}
	})
}

func TestSessions(t *testing.T) {
	c := clock.NewFake(t0)
	storetest.Each(t, c, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := db.Sessions()
		if err := s.CommitCtx(ctx, "tok", []byte("data"), t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.CommitCtx(ctx, "tok", []byte("data2"), t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		b, ok, err := s.FindCtx(ctx, "tok")
		if err != nil || !ok || string(b) != "data2" {
			t.Fatalf("Find = %q %v %v", b, ok, err)
		}
		c.Advance(2 * time.Hour)
		defer c.Set(t0)
		if _, ok, _ := s.FindCtx(ctx, "tok"); ok {
			t.Fatal("expired session found")
		}
		if n, err := db.PurgeExpiredSessions(ctx); err != nil || n != 1 {
			t.Fatalf("purge = %d, %v", n, err)
		}
	})
}
