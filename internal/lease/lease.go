// Package lease runs a piece of work in one process of a cluster at a time:
// the schedulers (source polling, reports) and the stateful pipeline stages
// (stories, spikes). On PostgreSQL the lease is a session-level advisory
// lock held on a dedicated connection, so it is released by the database the
// moment the holding process dies or its connection drops. On SQLite there
// is one process by construction and the lease is always granted.
package lease

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Options configure a Leaser. Zero fields take the defaults.
type Options struct {
	// URL is the database URL: a postgres:// URL takes leases in that
	// database (and schema, from search_path); anything else means a
	// single-process deployment where every lease is granted at once.
	URL    string
	Logger *slog.Logger
	// Retry is how often a process that does not hold a lease tries to
	// take it (default 2 seconds), and Check how often the holder checks
	// that its connection, and so its lease, is still alive (default 2 s).
	Retry, Check time.Duration
}

// Leaser takes named leases.
type Leaser struct {
	opt Options
}

// New returns a Leaser.
func New(opt Options) *Leaser {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Retry <= 0 {
		opt.Retry = 2 * time.Second
	}
	if opt.Check <= 0 {
		opt.Check = 2 * time.Second
	}
	return &Leaser{opt: opt}
}

// Run runs fn only while this process holds the lease called name, until
// ctx ends. Without the lease it waits and retries; when the lease is lost
// (the connection to the database dropped) fn's context is cancelled and
// Run waits for fn to return before trying again. If fn returns while
// holding the lease, the lease is released and taken again later, so fn
// runs again. fn must stop promptly when its context ends. Run returns nil
// when ctx ends.
func (l *Leaser) Run(ctx context.Context, name string, fn func(ctx context.Context) error) error {
	if !isPostgres(l.opt.URL) {
		return l.runLocal(ctx, name, fn)
	}
	for ctx.Err() == nil {
		held, err := l.hold(ctx, name, fn)
		if err != nil && ctx.Err() == nil {
			l.opt.Logger.Warn("lease: "+name, "err", err)
		}
		if !held || err != nil {
			sleep(ctx, l.opt.Retry)
		}
	}
	return nil
}

// runLocal is Run for a single-process deployment.
func (l *Leaser) runLocal(ctx context.Context, name string, fn func(ctx context.Context) error) error {
	for ctx.Err() == nil {
		if err := fn(ctx); err != nil && ctx.Err() == nil {
			l.opt.Logger.Warn("lease: "+name+": work failed; restarting", "err", err)
		}
		sleep(ctx, l.opt.Retry)
	}
	return nil
}

// lockSQL takes the lock keyed by the schema and the lease name, so that
// deployments (and tests) sharing one database in different schemas do not
// exclude each other.
const (
	lockSQL   = "SELECT pg_try_advisory_lock(hashtextextended(current_schema() || ':factdesk:' || $1, 0))"
	unlockSQL = "SELECT pg_advisory_unlock(hashtextextended(current_schema() || ':factdesk:' || $1, 0))"
)

// hold tries once to take the lease and, when it gets it, runs fn until
// the lease is lost, fn returns or ctx ends. It reports whether it held
// the lease.
func (l *Leaser) hold(ctx context.Context, name string, fn func(ctx context.Context) error) (bool, error) {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	conn, err := pgx.Connect(cctx, l.opt.URL)
	cancel()
	if err != nil {
		return false, fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var got bool
	if err := conn.QueryRow(ctx, lockSQL, name).Scan(&got); err != nil {
		return false, fmt.Errorf("take: %w", err)
	}
	if !got {
		return false, nil
	}
	l.opt.Logger.Info("lease acquired", "lease", name)
	fctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	done := make(chan error, 1)
	go func() { done <- fn(fctx) }()
	t := time.NewTicker(l.opt.Check)
	defer t.Stop()
	var ferr error
	lost := false
loop:
	for {
		select {
		case ferr = <-done:
			break loop
		case <-ctx.Done():
			stop(ctx.Err())
			ferr = <-done
			break loop
		case <-t.C:
			pctx, cancel := context.WithTimeout(ctx, l.opt.Check)
			err := conn.Ping(pctx)
			cancel()
			if err != nil && ctx.Err() == nil {
				l.opt.Logger.Warn("lease lost: its database connection failed", "lease", name, "err", err)
				lost = true
				stop(errors.New("lease lost"))
				ferr = <-done
				break loop
			}
		}
	}
	if !lost {
		uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		_, _ = conn.Exec(uctx, unlockSQL, name)
		cancel()
		l.opt.Logger.Info("lease released", "lease", name)
	}
	if ferr != nil && ctx.Err() == nil {
		return true, fmt.Errorf("work under the lease failed: %w", ferr)
	}
	return true, nil
}

func isPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
