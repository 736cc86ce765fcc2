package bench_test

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/app"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/bench"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/config"
)

// TestLoadDrivesEveryRoute runs the load generator briefly against a real
// embedded factdesk and checks that posts were stored and every route was
// measured without errors.
func TestLoadDrivesEveryRoute(t *testing.T) {
	ctx := context.Background()
	cfg := config.Config{DataDir: t.TempDir(), Addr: "127.0.0.1:0", MaxBodyBytes: config.DefaultMaxBodyBytes}
	a, err := app.Open(ctx, cfg, slog.New(slog.DiscardHandler), clock.Real{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	unit, err := a.DB.CreateUnit(ctx, "test", auth.Unit{Name: "Load"})
	if err != nil {
		t.Fatal(err)
	}
	hash, err := auth.HashPassword("a long test password")
	if err != nil {
		t.Fatal(err)
	}
	u, err := a.DB.CreateUser(ctx, "test", auth.User{Email: "load@example.org", Name: "Load", PasswordHash: hash}, &auth.Membership{UnitID: unit.ID, Role: auth.Admin})
	if err != nil {
		t.Fatal(err)
	}
	_, token, err := a.DB.CreateToken(ctx, "test", u.ID, "load", time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()

	rep, err := bench.Load(ctx, bench.LoadOptions{URL: srv.URL, Token: token, Email: "load@example.org", Password: "a long test password",
		Duration: 4 * time.Second, Pushers: 2, Readers: 2, Batch: 20})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Posts == 0 || rep.PostsPerSec <= 0 {
		t.Fatalf("no posts stored: %+v", rep)
	}
	seen := map[string]bool{}
	for _, r := range rep.Routes {
		seen[r.Route] = true
		if r.Errors != 0 || r.Requests == 0 || r.P99ms < r.P50ms {
			t.Errorf("route %+v", r)
		}
	}
	for _, route := range []string{bench.RouteIntake, bench.RouteSearch, bench.RouteStory, bench.RouteHealthz} {
		if !seen[route] {
			t.Errorf("route %s not measured: %+v (errors %v)", route, rep.Routes, rep.Errors)
		}
	}
	if len(rep.Errors) > 0 {
		t.Errorf("errors: %v", rep.Errors)
	}

	if _, err := bench.Load(ctx, bench.LoadOptions{URL: srv.URL, Token: token, Email: "load@example.org", Password: "wrong", Duration: time.Second}); err == nil {
		t.Error("a refused login must fail the run")
	}
}
