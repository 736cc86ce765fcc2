// Package app assembles a factdesk process from its parts: the store, the
// HTTP surfaces and, as they land, the intake queue and pipeline. The
// commands `serve` and `demo` and the end-to-end tests all run an App.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/config"
	"github.com/factdesk/factdesk/internal/pipeline"
	"github.com/factdesk/factdesk/internal/publish"
	"github.com/factdesk/factdesk/internal/server"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/watch"
)

// App is one running factdesk process.
type App struct {
	Config   config.Config
	Logger   *slog.Logger
	Clock    clock.Clock
	DB       *store.DB
	Metrics  *server.Metrics
	Pipeline *pipeline.Pipeline
	Publish  *publish.Service // the publishing workflow, set by Open

	server  *server.Server
	closers []func() error
}

// Open opens and migrates the store and builds the HTTP surfaces.
func Open(ctx context.Context, cfg config.Config, logger *slog.Logger, clk clock.Clock) (*App, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	db, err := OpenStore(ctx, cfg, logger, clk)
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, Logger: logger, Clock: clk, DB: db, Metrics: server.NewMetrics()}
	a.closers = append(a.closers, db.Close)
	a.Pipeline, err = pipeline.Open(ctx, pipeline.Options{Config: cfg, Store: db, Logger: logger, Clock: clk, Serve: true})
	if err != nil {
		a.Close()
		return nil, err
	}
	a.closers = append(a.closers, a.Pipeline.Close)
	mounts, err := a.mounts()
	if err != nil {
		a.Close()
		return nil, err
	}
	a.server = server.New(server.Options{Logger: logger, Clock: clk, Metrics: a.Metrics, Ready: a, Mounts: mounts, MetricsToken: cfg.MetricsToken})
	return a, nil
}

// OpenStore opens the store named by cfg and applies pending migrations.
func OpenStore(ctx context.Context, cfg config.Config, logger *slog.Logger, clk clock.Clock) (*store.DB, error) {
	db, err := store.Open(ctx, store.Options{DataDir: cfg.DataDir, URL: cfg.DBURL, Clock: clk})
	if err != nil {
		return nil, err
	}
	st, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if len(st.Applied) > 0 {
		logger.Info("migrated store", "dialect", db.Dialect(), "applied", st.Applied, "version", st.Current)
	}
	return db, nil
}

// Handler is the whole HTTP handler, for tests.
func (a *App) Handler() http.Handler { return a.server.Handler() }

// Ready reports whether the store answers and its schema is current.
func (a *App) Ready(ctx context.Context) error {
	if err := a.DB.Ping(ctx); err != nil {
		return fmt.Errorf("store unreachable: %w", err)
	}
	st, err := a.DB.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	if !st.UpToDate() {
		return fmt.Errorf("schema at version %d, this binary needs %d", st.Current, st.Latest)
	}
	return nil
}

// Listen opens the configured address (":0" picks a free port).
func (a *App) Listen() (net.Listener, error) {
	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", a.Config.Addr, err)
	}
	return ln, nil
}

// Serve answers HTTP on ln and polls the sources until ctx ends, then
// drains requests, stops polling and returns. With an external NATS
// (scale-out) it only serves: `factdesk worker` processes poll and write.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	a.Logger.Info("factdesk serving", "addr", ln.Addr().String(), "dialect", a.DB.Dialect())
	wctx, stopWatch := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		a.runDeskJobs(wctx)
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		a.runReports(wctx)
	}()
	if a.Config.NATSURL == "" { // in scale-out, the workers poll the sources
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &watch.Watcher{Store: a.DB, Submitter: a.Pipeline, Clock: a.Clock, Logger: a.Logger, Deps: SourceDeps(a.Config, a.Clock)}
			_ = w.Run(wctx)
		}()
	}
	err := a.server.Serve(ctx, ln, 15*time.Second)
	stopWatch()
	wg.Wait()
	return err
}

// Close releases everything the app opened, in reverse order.
func (a *App) Close() error {
	var errs []error
	for i := len(a.closers) - 1; i >= 0; i-- {
		if err := a.closers[i](); err != nil {
			errs = append(errs, err)
		}
	}
	a.closers = nil
	return errors.Join(errs...)
}
