package lease

import (
	"context"
	"database/sql"
	"sync/atomic"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/store/storetest"
)

// waitFor polls cond every 20 ms for up to 20 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for i := 0; i < 1000; i++ {
		if cond() {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

// holder runs a Leaser on name and counts how many of them hold it now.
func holder(ctx context.Context, url, name string, holding *atomic.Int32, runs *atomic.Int32) chan struct{} {
	done := make(chan struct{})
	l := New(Options{URL: url, Retry: 50 * time.Millisecond, Check: 50 * time.Millisecond})
	go func() {
		defer close(done)
		_ = l.Run(ctx, name, func(ctx context.Context) error {
			holding.Add(1)
			runs.Add(1)
			defer holding.Add(-1)
			<-ctx.Done()
			return nil
		})
	}()
	return done
}

func TestPostgresLeaseHeldByOneAtATime(t *testing.T) {
	url := storetest.FreshPostgresURL(t)
	var holding, runs atomic.Int32
	ctx1, stop1 := context.WithCancel(t.Context())
	done1 := holder(ctx1, url, "stages", &holding, &runs)
	waitFor(t, "the first holder", func() bool { return holding.Load() == 1 })
	ctx2, stop2 := context.WithCancel(t.Context())
	defer stop2()
	done2 := holder(ctx2, url, "stages", &holding, &runs)
	// Another lease name is independent of the first.
	var otherHolding, otherRuns atomic.Int32
	done3 := holder(ctx2, url, "sources", &otherHolding, &otherRuns)
	waitFor(t, "the other lease", func() bool { return otherHolding.Load() == 1 })
	time.Sleep(300 * time.Millisecond)
	if n := holding.Load(); n != 1 || runs.Load() != 1 {
		t.Fatalf("%d processes hold the lease (%d runs), want 1", n, runs.Load())
	}
	stop1()
	<-done1
	waitFor(t, "the second holder to take over", func() bool { return runs.Load() == 2 && holding.Load() == 1 })
	stop2()
	<-done2
	<-done3
	if holding.Load() != 0 {
		t.Fatal("fn still running after Run returned")
	}
}

func TestPostgresLeaseLostWithConnection(t *testing.T) {
	url := storetest.FreshPostgresURL(t)
	var holding, runs atomic.Int32
	ctx, stop := context.WithCancel(t.Context())
	defer stop()
	done := holder(ctx, url, "sources", &holding, &runs)
	waitFor(t, "the holder", func() bool { return holding.Load() == 1 })
	admin, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	// Kill the lease's session, as a dead process or a network cut would.
	if _, err := admin.Exec(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid()
		AND objid = (hashtextextended(current_schema() || ':factdesk:sources', 0) & 4294967295)::oid`); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the lease to be lost and taken again", func() bool { return runs.Load() == 2 && holding.Load() == 1 })
	stop()
	<-done
}

func TestLocalLeaseRunsAtOnce(t *testing.T) {
	ctx, stop := context.WithCancel(t.Context())
	ran := make(chan struct{})
	go func() {
		_ = New(Options{}).Run(ctx, "reports", func(ctx context.Context) error {
			close(ran)
			<-ctx.Done()
			return nil
		})
	}()
	select {
	case <-ran:
	case <-time.After(10 * time.Second):
		t.Fatal("a lease without PostgreSQL was not granted")
	}
	stop()
}
