// Package worker is the scale-out worker: `factdesk worker` runs it beside
// any number of `factdesk serve` processes, on one PostgreSQL database and
// one NATS cluster. Every worker writes posts from the shared intake queue
// (a JetStream durable consumer; each message acknowledged only after its
// transaction commits). Work that needs one process at a time runs under a
// lease (see internal/lease): source polling ("sources") and the stateful
// stages ("stages": the story index, claim matching and the spike
// detector), which read the stored batches the writers announce.
package worker

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/factdesk/factdesk/internal/app"
	"github.com/factdesk/factdesk/internal/bus"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/config"
	"github.com/factdesk/factdesk/internal/intake"
	"github.com/factdesk/factdesk/internal/lease"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/watch"
)

// Lease names.
const (
	LeaseSources = "sources"
	LeaseStages  = "stages"
)

// Options configure a Worker.
type Options struct {
	Config config.Config
	Store  *store.DB // open and migrated
	Logger *slog.Logger
	Clock  clock.Clock
}

// Worker is one scale-out worker process.
type Worker struct {
	opt    Options
	bus    *bus.Bus
	leases *lease.Leaser
}

// New checks the settings and connects to the bus.
func New(ctx context.Context, opt Options) (*Worker, error) {
	if opt.Config.NATSURL == "" || !strings.HasPrefix(opt.Config.DBURL, "postgres") {
		return nil, errNotScaleOut
	}
	b, err := bus.Open(ctx, bus.Options{URL: opt.Config.NATSURL, Logger: opt.Logger, Namespace: opt.Config.NATSNamespace})
	if err != nil {
		return nil, err
	}
	if err := ensureStoredStream(ctx, b); err != nil {
		b.Close()
		return nil, fmt.Errorf("worker: %w", err)
	}
	return &Worker{opt: opt, bus: b, leases: lease.New(lease.Options{URL: opt.Config.DBURL, Logger: opt.Logger})}, nil
}

// Run writes the intake queue and takes its turn at the leased work until
// ctx ends; then it finishes the batches in hand and returns.
func (w *Worker) Run(ctx context.Context) error {
	w.opt.Logger.Info("factdesk worker running", "nats", w.opt.Config.NATSURL, "namespace", w.opt.Config.NATSNamespace)
	var wg sync.WaitGroup
	wg.Go(func() {
		wr := &intake.Writer{Bus: w.bus, Store: w.opt.Store, Clock: w.opt.Clock, Logger: w.opt.Logger,
			Stages: []intake.Stage{&announcer{bus: w.bus}}}
		if err := wr.Run(ctx); err != nil {
			w.opt.Logger.Error("intake writer stopped", "err", err)
		}
	})
	wg.Go(func() { _ = w.leases.Run(ctx, LeaseStages, w.runStages) })
	wg.Go(func() {
		_ = w.leases.Run(ctx, LeaseSources, func(ctx context.Context) error {
			wa := &watch.Watcher{Store: w.opt.Store, Clock: w.opt.Clock, Logger: w.opt.Logger,
				Submitter: &intake.Submitter{Bus: w.bus, Clock: w.opt.Clock},
				Deps:      app.SourceDeps(w.opt.Config, w.opt.Clock)}
			return wa.Run(ctx)
		})
	})
	wg.Wait()
	return nil
}

// Close disconnects from the bus.
func (w *Worker) Close() error { return w.bus.Close() }
