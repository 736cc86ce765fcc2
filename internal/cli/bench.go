package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	ucli "github.com/urfave/cli/v3"

	"github.com/factdesk/factdesk/internal/app"
	"github.com/factdesk/factdesk/internal/bench"
	"github.com/factdesk/factdesk/internal/pipeline"
)

func benchCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:  "bench",
		Usage: "measure factdesk on generated or given data",
		Commands: []*ucli.Command{
			{
				Name:  "generate",
				Usage: "write realistic generated posts (JSON Lines, with story labels)",
				Flags: []ucli.Flag{
					&ucli.IntFlag{Name: "posts", Value: 100000, Usage: "how many posts"},
					&ucli.Uint64Flag{Name: "seed", Value: 1, Usage: "the same seed gives the same posts"},
					&ucli.DurationFlag{Name: "span", Value: 24 * time.Hour, Usage: "time the posts spread over"},
					&ucli.StringFlag{Name: "out", Value: "-", Usage: "output file (- for stdout)"},
				},
				Action: func(ctx context.Context, cmd *ucli.Command) error {
					w := env.Stdout
					if out := cmd.String("out"); out != "-" {
						f, err := os.Create(out)
						if err != nil {
							return fmt.Errorf("bench generate: %w", err)
						}
						defer f.Close()
						w = f
					}
					return bench.Generate(w, bench.Options{Posts: cmd.Int("posts"), Seed: cmd.Uint64("seed"), Span: cmd.Duration("span"),
						Start: env.Clock.Now().Add(-cmd.Duration("span")).Truncate(time.Hour)})
				},
			},
			{
				Name:  "pipeline",
				Usage: "run intake, normalise, fingerprint, cluster and index on a fresh embedded store and print the figures",
				Description: "Prints posts/s, p50 and p99 per-post latency (from reading a post to its outcome) and\n" +
					"peak RSS. The store is a fresh one in a temporary folder unless --data is given.",
				Flags: []ucli.Flag{
					&ucli.StringFlag{Name: "posts", Required: true, Usage: "posts file (JSON Lines or CSV, the import schema)"},
					&ucli.StringFlag{Name: "claims", Usage: "claims file to match against (once claim matching lands)"},
					jsonFlag(),
				},
				Action: func(ctx context.Context, cmd *ucli.Command) error { return benchPipeline(ctx, cmd, env) },
			},
			benchLoadCommand(env),
		},
	}
}

func benchPipeline(ctx context.Context, cmd *ucli.Command, env Env) error {
	cfg, err := configFrom(cmd)
	if err != nil {
		return usageError("%v", err)
	}
	if cmd.String("claims") != "" {
		return usageError("--claims: claim matching is not part of this build yet")
	}
	if !cmd.IsSet("data") && !cmd.IsSet("db") {
		dir, err := os.MkdirTemp("", "factdesk-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cfg.DataDir = dir
	}
	logger := quietLogger(cfg, env)
	db, err := app.OpenStore(ctx, cfg, logger, env.Clock)
	if err != nil {
		return err
	}
	defer db.Close()
	src, err := db.EnsureSource(ctx, cliActor, "import", "bench")
	if err != nil {
		return err
	}
	pipe, err := pipeline.Open(ctx, pipeline.Options{Config: cfg, Store: db, Logger: logger, Clock: env.Clock})
	if err != nil {
		return err
	}
	defer pipe.Close()
	res, err := bench.RunPipeline(ctx, cmd.String("posts"), src.ID, pipe, env.Clock)
	if err != nil {
		return err
	}
	if cmd.Bool("json") {
		return printJSON(env.Stdout, res)
	}
	fmt.Fprintf(env.Stdout, "posts %d (stored %d, rejected %d) in %.1fs: %.0f posts/s; per-post latency p50 %.1f ms, p99 %.1f ms; peak RSS %.0f MiB\n",
		res.Posts, res.Stored, res.Rejected, res.Seconds, res.PostsPerSec, res.P50ms, res.P99ms, res.PeakRSSMiB)
	return nil
}
