package pipeline_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/claim/match"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/config"
	"github.com/factdesk/factdesk/internal/intake"
	"github.com/factdesk/factdesk/internal/pipeline"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

// followEnv is a store with a source, on a fake clock at now, and a
// function opening a pipeline on it whose claim follower looks every 20 ms.
func followEnv(t *testing.T, now time.Time) (context.Context, *clock.Fake, *store.DB, store.Source, func() *pipeline.Pipeline) {
	t.Helper()
	c := clock.NewFake(now)
	db := storetest.OpenSQLite(t, c)
	ctx := context.Background()
	src, err := db.EnsureSource(ctx, "test", "import", "test")
	if err != nil {
		t.Fatal(err)
	}
	open := func() *pipeline.Pipeline {
		p, err := pipeline.Open(ctx, pipeline.Options{Config: config.Config{DataDir: t.TempDir()}, Store: db,
			Logger: slog.New(slog.DiscardHandler), Clock: c, ClaimsFollowEvery: 20 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	return ctx, c, db, src, open
}

// TestClaimChangedWhileRunning stores a post through the running pipeline,
// then adds the false claim it repeats to the library (as an import by
// another process or a publication would): the pipeline's claim follower
// matches the stored post and raises the known_claim alert.
func TestClaimChangedWhileRunning(t *testing.T) {
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	ctx, _, db, src, open := followEnv(t, now)
	p := open()
	defer p.Close()
	rumour := post.Post{SourceID: src.ID, ExternalID: "1", Text: "Drinking hot water every 15 minutes kills the virus, doctors say. Share!",
		PublishedAt: now.Add(-time.Hour)}
	if err := intake.Normalize(&rumour, now); err != nil {
		t.Fatal(err)
	}
	sum, err := p.Submit(ctx, []post.Post{rumour}, nil)
	if err != nil || sum.Imported != 1 {
		t.Fatalf("submit: %+v %v", sum, err)
	}
	postID := sum.Outcomes[0].ID
	out, err := db.UpsertClaims(ctx, "test", []claim.Claim{{Text: "Drinking hot water every 15 minutes kills the virus.",
		Verdict: claim.False, Lang: "en", ReviewURL: "https://example.org/hot-water"}})
	if err != nil {
		t.Fatal(err)
	}
	claimID := out[0].ID
	deadline := time.Now().Add(10 * time.Second)
	for {
		alerts, err := db.Alerts(ctx, store.AlertFilter{Kinds: []string{match.AlertKind}})
		if err != nil {
			t.Fatal(err)
		}
		if len(alerts) == 1 && alerts[0].ClaimID == claimID {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no known_claim alert for claim %d: %+v", claimID, alerts)
		}
		time.Sleep(20 * time.Millisecond)
	}
	byPost, err := db.PostClaims(ctx, []int64{postID})
	if err != nil || len(byPost[postID]) == 0 || byPost[postID][0].ClaimID != claimID {
		t.Fatalf("stored matches %+v %v", byPost, err)
	}
}

// TestClaimChangedWhileStopped: a false claim added while no process
// followed the library (the server down, or the stages lease between two
// workers) is matched against the stored posts by the next follower,
// which goes on from where the last one stopped.
func TestClaimChangedWhileStopped(t *testing.T) {
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	ctx, c, db, src, open := followEnv(t, now)
	p := open()
	rumour := post.Post{SourceID: src.ID, ExternalID: "1", Text: "Drinking hot water every 15 minutes kills the virus, doctors say. Share!",
		PublishedAt: now.Add(-time.Hour)}
	if err := intake.Normalize(&rumour, now); err != nil {
		t.Fatal(err)
	}
	if sum, err := p.Submit(ctx, []post.Post{rumour}, nil); err != nil || sum.Imported != 1 {
		t.Fatalf("submit: %+v %v", sum, err)
	}
	time.Sleep(60 * time.Millisecond) // a few follower passes with nothing to do
	p.Close()

	c.Set(now.Add(time.Minute))
	out, err := db.UpsertClaims(ctx, "test", []claim.Claim{{Text: "Drinking hot water every 15 minutes kills the virus.",
		Verdict: claim.False, Lang: "en"}})
	if err != nil {
		t.Fatal(err)
	}
	c.Set(now.Add(5 * time.Minute))
	p = open()
	defer p.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		alerts, err := db.Alerts(ctx, store.AlertFilter{Kinds: []string{match.AlertKind}})
		if err != nil {
			t.Fatal(err)
		}
		if len(alerts) == 1 && alerts[0].ClaimID == out[0].ID {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no known_claim alert for the claim added while stopped: %+v", alerts)
		}
		time.Sleep(20 * time.Millisecond)
	}
	through, err := db.ClaimsFollowedThrough(ctx)
	if err != nil || !through.Equal(now.Add(5*time.Minute)) {
		t.Errorf("followed through %v, %v; want %v", through, err, now.Add(5*time.Minute))
	}
}
