package cli

import (
	"context"
	"fmt"
	"os/signal"
	"syscall"

	ucli "github.com/urfave/cli/v3"

	"github.com/factdesk/factdesk/internal/app"
	"github.com/factdesk/factdesk/internal/config"
)

func serveCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:  "serve",
		Usage: "run the web UI, API and pipeline",
		Description: "Serves HTTP on --addr until SIGINT or SIGTERM, then stops accepting, drains\n" +
			"in-flight requests, closes the store and exits 0. Migrations are applied on start.",
		Flags: []ucli.Flag{embeddingsURLFlag(), embeddingsModelFlag()},
		Action: func(ctx context.Context, cmd *ucli.Command) error {
			cfg, err := configFrom(cmd)
			if err != nil {
				return usageError("%v", err)
			}
			return serve(ctx, cfg, env, nil)
		},
	}
}

// serve runs an App until a signal arrives. afterOpen, if set, runs once the
// store is open and before the server listens (demo seeding).
func serve(ctx context.Context, cfg config.Config, env Env, afterOpen func(context.Context, *app.App) error) error {
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	logger := cfg.NewLogger(env.Stderr)
	a, err := app.Open(ctx, cfg, logger, env.Clock)
	if err != nil {
		return err
	}
	defer a.Close()
	if afterOpen != nil {
		if err := afterOpen(ctx, a); err != nil {
			return err
		}
	}
	ln, err := a.Listen()
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "factdesk is running at http://%s/ (stop with Ctrl-C)\n", ln.Addr())
	if err := a.Serve(ctx, ln); err != nil {
		return err
	}
	if err := a.Close(); err != nil {
		return fmt.Errorf("close: %w", err)
	}
	logger.Info("stopped cleanly")
	return nil
}
