package cli

import (
	"context"
	"fmt"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"

	ucli "github.com/urfave/cli/v3"

	"github.com/factdesk/factdesk/internal/config"
	"github.com/factdesk/factdesk/internal/drill"
)

func drillCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:  "drill",
		Usage: "practise on a synthetic rumour outbreak in an isolated workspace, and score the team",
		Description: "A drill plays a scenario (builtin:vi-basic, builtin:en-basic or a YAML file; see docs/drills.md)\n" +
			"into its own workspace under DATA/drills/run-N/, with its own store: drill data never mixes\n" +
			"with the real data. The team works it in the normal UI (marked DRILL) or the autopilot plays it.",
		Commands: []*ucli.Command{
			drillStartCommand(env),
			drillListCommand(env),
			drillControlCommand(env, "pause", "pause a running drill (its clock stops)"),
			drillControlCommand(env, "resume", "resume a paused drill"),
			drillControlCommand(env, "stop", "stop a drill before its end"),
			drillScoreCommand(env),
			drillReportCommand(env),
			drillServeCommand(env),
		},
	}
}

func drillStartCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:      "start",
		Usage:     "create a drill workspace and play a scenario into it",
		ArgsUsage: "SCENARIO",
		Description: "Generates the scenario's posts from --seed (the same seed gives the same posts) and feeds them\n" +
			"through the real pipeline on a clock running --speed times real time (max: as fast as possible).\n" +
			"Without --autopilot the workspace's UI is served on --addr for the team, with one password per\n" +
			"team member printed once. Pause, resume or stop it from another terminal with factdesk drill\n" +
			"pause|resume|stop RUN. At the end it prints the score; with --json, the score object.",
		Flags: []ucli.Flag{
			&ucli.StringFlag{Name: "speed", Value: "30", Usage: "scenario seconds per real second, or max"},
			&ucli.Uint64Flag{Name: "seed", Value: 1, Usage: "seed of the generated posts and the autopilot"},
			&ucli.BoolFlag{Name: "autopilot", Usage: "play the team through the workspace's API with a simple policy"},
			jsonFlag(),
		},
		Action: func(ctx context.Context, cmd *ucli.Command) error { return drillStart(ctx, cmd, env) },
	}
}

func parseSpeed(s string) (float64, error) {
	if s == "max" {
		return 0, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v <= 0 || v > 100000 {
		return 0, fmt.Errorf("--speed %q: want a factor such as 30, or max", s)
	}
	return v, nil
}

func drillStart(ctx context.Context, cmd *ucli.Command, env Env) error {
	if cmd.Args().Len() != 1 {
		return usageError("name one scenario: %s or a YAML file", strings.Join(drill.Builtins(), ", "))
	}
	speed, err := parseSpeed(cmd.String("speed"))
	if err != nil {
		return usageError("%v", err)
	}
	cfg, err := configFrom(cmd)
	if err != nil {
		return usageError("%v", err)
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	run, passwords, err := drill.Create(ctx, cfg.DataDir, cmd.Args().First(), cmd.Uint64("seed"), env.Clock.Now())
	if err != nil {
		return err
	}
	asJSON, autopilot := cmd.Bool("json"), cmd.Bool("autopilot")
	// With --json, stdout holds only the score; what people need while the
	// drill runs (passwords, the address) goes to stderr.
	say := func(format string, args ...any) {
		w := env.Stdout
		if asJSON {
			w = env.Stderr
		}
		fmt.Fprintf(w, format, args...)
	}
	say("drill %s: %s (seed %d, %d posts) in %s\n", run.ID, run.Title, run.Seed, run.Posts, run.DataDir)
	addr := "127.0.0.1:0"
	if !autopilot {
		addr = cfg.Addr
		for _, email := range run.Team {
			say("  sign in as %s with password %s\n", email, passwords[email])
		}
	}
	opt := drill.Options{Speed: speed, Autopilot: autopilot, Config: cfg, Addr: addr, Logger: quietLogger(cfg, env), Wall: env.Clock,
		Serving: func(a string) {
			if !autopilot {
				say("the drill's UI (marked DRILL) is at http://%s/ ; pause, resume or stop with factdesk drill pause|resume|stop %s\n", a, run.ID)
			}
		},
		Ended: func(r *drill.Run) {
			say("every post of the scenario is in; the UI stays up for the team to finish; end the drill with factdesk drill stop %s (or Ctrl-C)\n", r.ID)
		}}
	if err := drill.Execute(ctx, run, opt); err != nil {
		return err
	}
	say("drill %s %s after %.1f s of wall time (%d posts fed)\n", run.ID, run.State, run.WallSeconds, run.Fed)
	score, err := drill.ScoreRun(context.WithoutCancel(ctx), run)
	if err != nil {
		return err
	}
	if asJSON {
		return printJSON(env.Stdout, struct {
			*drill.Score
			WallSeconds float64 `json:"wall_seconds"`
			State       string  `json:"state"`
		}{score, run.WallSeconds, run.State})
	}
	printScore(env, score)
	return nil
}

func drillListCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:  "list",
		Usage: "list the drills of the data folder",
		Flags: []ucli.Flag{jsonFlag()},
		Action: func(ctx context.Context, cmd *ucli.Command) error {
			cfg, err := configFrom(cmd)
			if err != nil {
				return usageError("%v", err)
			}
			runs, err := drill.List(cfg.DataDir)
			if err != nil {
				return err
			}
			if cmd.Bool("json") {
				if runs == nil {
					runs = []*drill.Run{}
				}
				return printJSON(env.Stdout, runs)
			}
			if len(runs) == 0 {
				fmt.Fprintln(env.Stdout, "no drills yet: start one with factdesk drill start builtin:vi-basic")
				return nil
			}
			tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "RUN\tSTATE\tSCENARIO\tSEED\tSPEED\tAUTOPILOT\tFED\tCREATED")
			for _, r := range runs {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%v\t%d/%d\t%s\n", r.ID, r.State, r.Scenario, r.Seed, r.Speed, r.Autopilot, r.Fed, r.Posts, r.CreatedAt.Format("2006-01-02 15:04"))
			}
			return tw.Flush()
		},
	}
}

func drillControlCommand(env Env, name, usage string) *ucli.Command {
	return &ucli.Command{
		Name:      name,
		Usage:     usage,
		ArgsUsage: "RUN",
		Action: func(ctx context.Context, cmd *ucli.Command) error {
			run, err := openRun(cmd)
			if err != nil {
				return err
			}
			if err := drill.Control(run, name); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "asked drill %s to %s\n", run.ID, name)
			return nil
		},
	}
}

func openRun(cmd *ucli.Command) (*drill.Run, error) {
	if cmd.Args().Len() != 1 {
		return nil, usageError("name one drill run, e.g. run-1 (see factdesk drill list)")
	}
	cfg, err := configFrom(cmd)
	if err != nil {
		return nil, usageError("%v", err)
	}
	return drill.Open(cfg.DataDir, cmd.Args().First())
}

func drillScoreCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:        "score",
		Usage:       "score a drill from its workspace's records",
		ArgsUsage:   "RUN",
		Description: "Times are on the scenario clock from each claim's first post. See docs/drills.md for the formula.",
		Flags:       []ucli.Flag{jsonFlag()},
		Action: func(ctx context.Context, cmd *ucli.Command) error {
			run, err := openRun(cmd)
			if err != nil {
				return err
			}
			score, err := drill.ScoreRun(ctx, run)
			if err != nil {
				return err
			}
			if cmd.Bool("json") {
				return printJSON(env.Stdout, score)
			}
			printScore(env, score)
			return nil
		},
	}
}

func printScore(env Env, s *drill.Score) {
	w := env.Stdout
	fmt.Fprintf(w, "score %.1f / 100 (%s, seed %d)\n", s.Score, s.Run, s.Seed)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, p := range s.Parts {
		pts := fmt.Sprintf("%.1f / %.0f", p.Points, p.Max)
		if !p.Measured {
			pts = "not measured"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", p.Name, pts, p.Detail)
	}
	_ = tw.Flush()
	for _, c := range s.Claims {
		fmt.Fprintf(w, "  claim %s: found %v, verdict %q (expected %q), handled by %q (expected %q); minutes to alert %s, case %s, correct verdict %s, publication %s\n",
			c.Claim, c.Found, c.GivenVerdict, c.Verdict, c.HandledBy, c.Unit, mins(c.ToAlert), mins(c.ToCase), mins(c.ToVerdict), mins(c.ToPublication))
	}
}

func mins(v *float64) string {
	if v == nil {
		return "-"
	}
	return strconv.FormatFloat(*v, 'f', 1, 64)
}

func drillReportCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:      "report",
		Usage:     "write a drill's after-action report (HTML with a timeline of the outbreak against the team's actions)",
		ArgsUsage: "RUN",
		Flags:     []ucli.Flag{&ucli.StringFlag{Name: "out", Usage: "the HTML file to write", Required: true}},
		Action: func(ctx context.Context, cmd *ucli.Command) error {
			run, err := openRun(cmd)
			if err != nil {
				return err
			}
			if err := drill.WriteReport(ctx, run, cmd.String("out")); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "wrote %s\n", cmd.String("out"))
			return nil
		},
	}
}

func drillServeCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:        "serve",
		Usage:       "serve a drill workspace's UI (marked DRILL) on --addr, to review it after the run",
		ArgsUsage:   "RUN",
		Description: "The workspace's clock stands at the scenario time the drill reached.",
		Action: func(ctx context.Context, cmd *ucli.Command) error {
			run, err := openRun(cmd)
			if err != nil {
				return err
			}
			cfg, _ := configFrom(cmd)
			ws := config.Config{DataDir: run.DataDir, Addr: cfg.Addr, BaseURL: cfg.BaseURL, LogFormat: cfg.LogFormat, LogLevel: cfg.LogLevel,
				NATSNamespace: cfg.NATSNamespace, MaxBodyBytes: cfg.MaxBodyBytes, Drill: run.ID}
			return serve(ctx, ws, Env{Stdin: env.Stdin, Stdout: env.Stdout, Stderr: env.Stderr, Clock: drill.ReviewClock(run)}, nil)
		},
	}
}
