package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os/signal"
	"strings"
	"syscall"
	"time"

	ucli "github.com/urfave/cli/v3"

	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/worker"
)

func workerCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:  "worker",
		Usage: "scale-out: write queued posts, poll sources and run the pipeline stages (needs --db postgres://... and --nats)",
		Description: "Runs beside `factdesk serve --db postgres://... --nats nats://...`; start any number of each.\n" +
			"Every worker writes posts from the shared queue. Source polling and the stages that keep\n" +
			"in-memory indexes (stories, claims, spikes) run in one worker at a time, under a lease in\n" +
			"PostgreSQL; when that worker dies another takes over within seconds. The worker does not\n" +
			"migrate the database: it waits until `serve` or `factdesk migrate` has. Stops on SIGINT or\n" +
			"SIGTERM after finishing the batches in hand. See docs/deploy.md.",
		Flags: []ucli.Flag{embeddingsURLFlag(), embeddingsModelFlag()},
		Action: func(ctx context.Context, cmd *ucli.Command) error {
			cfg, err := configFrom(cmd)
			if err != nil {
				return usageError("%v", err)
			}
			if cfg.NATSURL == "" || !strings.HasPrefix(cfg.DBURL, "postgres") {
				return usageError("worker needs --nats nats://... and --db postgres://... (scale-out mode; see docs/deploy.md)")
			}
			ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			logger := cfg.NewLogger(env.Stderr)
			db, err := store.Open(ctx, store.Options{URL: cfg.DBURL, Clock: env.Clock})
			if err != nil {
				return err
			}
			defer db.Close()
			if err := waitForSchema(ctx, db, logger); err != nil {
				return err
			}
			w, err := worker.New(ctx, worker.Options{Config: cfg, Store: db, Logger: logger, Clock: env.Clock})
			if err != nil {
				return err
			}
			defer w.Close()
			if err := w.Run(ctx); err != nil {
				return err
			}
			logger.Info("worker stopped cleanly")
			return nil
		},
	}
}

// waitForSchema waits until the database schema is the one this binary
// needs: migrations are left to serve or `factdesk migrate`, so that
// several workers starting at once do not race to apply them.
func waitForSchema(ctx context.Context, db *store.DB, logger *slog.Logger) error {
	for logged := false; ; {
		st, err := db.MigrationStatus(ctx)
		if err != nil {
			return fmt.Errorf("read the schema version: %w", err)
		}
		if st.UpToDate() {
			return nil
		}
		if st.Current > st.Latest {
			return fmt.Errorf("the database schema is at version %d, newer than this binary (%d): upgrade the worker", st.Current, st.Latest)
		}
		if !logged {
			logger.Info("waiting for the database to be migrated (start serve or run `factdesk migrate`)", "current", st.Current, "need", st.Latest)
			logged = true
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Second):
		}
	}
}
