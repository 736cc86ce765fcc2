package cli

import (
	"context"
	"fmt"
	"time"

	ucli "github.com/urfave/cli/v3"

	"github.com/factdesk/factdesk/internal/app"
	"github.com/factdesk/factdesk/internal/claim/match"
	"github.com/factdesk/factdesk/internal/config"
	"github.com/factdesk/factdesk/internal/demo"
)

func demoCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:  "demo",
		Usage: "serve factdesk on a demo data folder, seeded on first run",
		Description: "Like serve, on a data folder of its own (default " + config.DefaultDemoDataDir + ", or --data).\n" +
			"On first run it creates a demo organisation (a province, two districts, communes) and an\n" +
			"admin user, and prints the admin password once. Needs no internet.",
		Flags: []ucli.Flag{embeddingsURLFlag(), embeddingsModelFlag()},
		Action: func(ctx context.Context, cmd *ucli.Command) error {
			cfg, err := configFrom(cmd)
			if err != nil {
				return usageError("%v", err)
			}
			if !cmd.IsSet("data") {
				cfg.DataDir = config.DefaultDemoDataDir
			}
			return serve(ctx, cfg, env, func(ctx context.Context, a *app.App) error {
				res, err := demo.Seed(ctx, a.DB)
				if err != nil {
					return err
				}
				if res.Seeded {
					n, err := demo.SeedPosts(ctx, a.DB, a.Pipeline, env.Clock.Now())
					if err != nil {
						return err
					}
					fmt.Fprintf(env.Stdout, "Demo posts: %d, in %d units.\n", n, res.Units)
					nc, err := demo.SeedCases(ctx, a.DB, a.Desk())
					if err != nil {
						return err
					}
					fmt.Fprintf(env.Stdout, "Demo cases on the desk: %d.\n", nc)
					np, err := demo.SeedPublications(ctx, a.DB, a.Publish, env.Clock.Now())
					if err != nil {
						return err
					}
					fmt.Fprintf(env.Stdout, "Demo fact-checks and notices published on %s/facts and %s/notices: %d.\n", cfg.PublicBaseURL(), cfg.PublicBaseURL(), np)
					// The fact-checks put their claims in the library after the
					// posts were matched: match the posts again, as
					// `factdesk claims rematch` does, so claim pages list them.
					nm, err := demoRematch(ctx, a, env.Clock.Now())
					if err != nil {
						return err
					}
					fmt.Fprintf(env.Stdout, "Demo posts repeating a checked claim: %d.\n", nm)
					fmt.Fprintf(env.Stdout, "Demo data created in %s.\nLog in as %s with password: %s\n(shown only now; change it with `factdesk user passwd`)\n",
						cfg.DataDir, res.AdminEmail, res.AdminPassword)
				} else {
					fmt.Fprintf(env.Stdout, "Using existing demo data in %s (log in as %s).\n", cfg.DataDir, demo.AdminEmail)
				}
				return nil
			})
		},
	}
}

// demoRematch matches the demo posts against the claims the demo's
// fact-checks added, with this process's claims index (or one loaded from
// the store where the stages run elsewhere), and returns how many posts
// repeat a claim.
func demoRematch(ctx context.Context, a *app.App, now time.Time) (int, error) {
	ix := a.Pipeline.Claims()
	if ix == nil {
		var err error
		if ix, err = match.Load(ctx, a.DB, match.Config{}); err != nil {
			return 0, err
		}
	}
	sum, err := rematch(ctx, a.DB, ix, now.Add(-demoRematchWindow), nil)
	return sum.Matched, err
}

// demoRematchWindow covers the demo posts, all published in the last day.
const demoRematchWindow = 30 * 24 * time.Hour
