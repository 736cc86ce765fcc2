package cli

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	ucli "github.com/urfave/cli/v3"

	"github.com/factdesk/factdesk/internal/bench"
)

func benchLoadCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:  "load",
		Usage: "drive a running factdesk with intake pushers and readers at once; print posts/s and p50/p99 per route",
		Description: "Pushers send generated posts (dated within the last ten minutes) to POST /api/v1/intake;\n" +
			"readers cycle through GET /api/v1/search, a story page of the web UI (when --email is given)\n" +
			"and GET /healthz. Works the same on the embedded default and on a scale-out cluster: point\n" +
			"--url at serve (or at the load balancer). Needs an API token (factdesk token create).\n" +
			"Example: factdesk bench load --url http://127.0.0.1:8080 --token $TOKEN --email lan@example.org --duration 1m",
		Flags: []ucli.Flag{
			&ucli.StringFlag{Name: "url", Value: "http://127.0.0.1:8080", Usage: "the site to drive"},
			&ucli.StringFlag{Name: "token", Usage: "API token", Sources: ucli.EnvVars("FACTDESK_BENCH_TOKEN")},
			&ucli.StringFlag{Name: "email", Usage: "web UI account for the story pages (optional)"},
			&ucli.StringFlag{Name: "password", Usage: "its password", Sources: ucli.EnvVars("FACTDESK_BENCH_PASSWORD")},
			&ucli.DurationFlag{Name: "duration", Value: 10 * time.Minute, Usage: "how long to drive"},
			&ucli.IntFlag{Name: "pushers", Value: 4, Usage: "concurrent intake pushers"},
			&ucli.IntFlag{Name: "readers", Value: 4, Usage: "concurrent readers"},
			&ucli.IntFlag{Name: "batch", Value: 100, Usage: "posts per intake request"},
			jsonFlag(),
		},
		Action: func(ctx context.Context, cmd *ucli.Command) error {
			if cmd.String("token") == "" {
				return usageError("bench load: --token (or FACTDESK_BENCH_TOKEN) is required: create one with `factdesk token create --user EMAIL`")
			}
			if cmd.String("email") != "" && cmd.String("password") == "" {
				return usageError("bench load: --email needs --password (or FACTDESK_BENCH_PASSWORD)")
			}
			rep, err := bench.Load(ctx, bench.LoadOptions{
				URL: cmd.String("url"), Token: cmd.String("token"), Email: cmd.String("email"), Password: cmd.String("password"),
				Duration: cmd.Duration("duration"), Pushers: cmd.Int("pushers"), Readers: cmd.Int("readers"), Batch: cmd.Int("batch"),
				Clock: env.Clock, Progress: env.Stderr,
			})
			if err != nil {
				return err
			}
			if cmd.Bool("json") {
				return printJSON(env.Stdout, rep)
			}
			fmt.Fprintf(env.Stdout, "%s for %.0fs, %d pushers x %d posts, %d readers\n", rep.URL, rep.Seconds, rep.Pushers, rep.Batch, rep.Readers)
			fmt.Fprintf(env.Stdout, "sustained intake: %d posts stored, %.0f posts/s\n", rep.Posts, rep.PostsPerSec)
			tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintln(tw, "route\trequests\terrors\treq/s\tp50 ms\tp99 ms\tmax ms\t")
			for _, r := range rep.Routes {
				fmt.Fprintf(tw, "%s\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t\n", r.Route, r.Requests, r.Errors, r.PerSec, r.P50ms, r.P99ms, r.Maxms)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			for _, e := range rep.Errors {
				fmt.Fprintln(env.Stderr, "error:", e)
			}
			return nil
		},
	}
}
