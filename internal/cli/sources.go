package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	ucli "github.com/urfave/cli/v3"

	"github.com/factdesk/factdesk/internal/app"
	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/config"
	"github.com/factdesk/factdesk/internal/netguard"
	"github.com/factdesk/factdesk/internal/pipeline"
	"github.com/factdesk/factdesk/internal/source"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/watch"
)

func sourceCommand(env Env) *ucli.Command {
	idAction := func(state string) func(context.Context, *ucli.Command) error {
		return func(ctx context.Context, cmd *ucli.Command) error {
			id, err := sourceID(cmd)
			if err != nil {
				return err
			}
			return withStore(ctx, cmd, env, func(db *store.DB) error {
				if err := db.SetSourceState(ctx, cliActor, id, state); err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "source %d %s\n", id, map[string]string{store.SourceActive: "resumed", store.SourcePaused: "paused", store.SourceRemoved: "removed"}[state])
				return nil
			})
		}
	}
	return &ucli.Command{
		Name:  "source",
		Usage: "manage watched sources (rss, mastodon, bluesky)",
		Commands: []*ucli.Command{
			{
				Name:  "add",
				Usage: "add a source; prints its id",
				Description: "Kinds: " + strings.Join(source.Kinds(), ", ") + ".\n" +
					"rss: any RSS, Atom or JSON Feed URL. mastodon: https://INSTANCE/public, /public/local, /tags/NAME or /@user.\n" +
					"bluesky: https://bsky.app/profile/HANDLE.",
				Flags: []ucli.Flag{
					&ucli.StringFlag{Name: "kind", Required: true, Usage: "source kind: " + strings.Join(source.Kinds(), ", ")},
					&ucli.StringFlag{Name: "url", Required: true, Usage: "the feed, timeline or profile URL"},
					&ucli.StringFlag{Name: "name", Usage: "a unique name (default: the URL)"},
					&ucli.Int64Flag{Name: "unit", Usage: "id of the unit that owns the source"},
					&ucli.DurationFlag{Name: "every", Value: 5 * time.Minute, Usage: "poll interval"},
					&ucli.StringSliceFlag{Name: "setting", Usage: "a connector setting key=value, e.g. access_token=..., local=true (repeatable)"},
					jsonFlag(),
				},
				Action: func(ctx context.Context, cmd *ucli.Command) error { return sourceAdd(ctx, cmd, env) },
			},
			{
				Name:   "list",
				Usage:  "list sources with their state and health",
				Flags:  []ucli.Flag{jsonFlag()},
				Action: func(ctx context.Context, cmd *ucli.Command) error { return sourceList(ctx, cmd, env) },
			},
			{Name: "pause", Usage: "stop polling a source", ArgsUsage: "ID", Action: idAction(store.SourcePaused)},
			{Name: "resume", Usage: "poll a paused or failing source again", ArgsUsage: "ID", Action: idAction(store.SourceActive)},
			{Name: "remove", Usage: "remove a source (its posts stay)", ArgsUsage: "ID", Action: idAction(store.SourceRemoved)},
			{
				Name:      "fetch",
				Usage:     "fetch a source once now and print what was stored",
				ArgsUsage: "ID",
				Flags:     []ucli.Flag{jsonFlag()},
				Action:    func(ctx context.Context, cmd *ucli.Command) error { return sourceFetch(ctx, cmd, env) },
			},
		},
	}
}

func sourceID(cmd *ucli.Command) (int64, error) {
	if cmd.Args().Len() != 1 {
		return 0, usageError("give one source id")
	}
	id, err := strconv.ParseInt(cmd.Args().First(), 10, 64)
	if err != nil || id <= 0 {
		return 0, usageError("%q is not a source id", cmd.Args().First())
	}
	return id, nil
}

func guardPolicy(cfg config.Config) netguard.Policy {
	return netguard.Policy{AllowPrivate: cfg.AllowPrivateSources}
}

func sourceAdd(ctx context.Context, cmd *ucli.Command, env Env) error {
	cfg, err := configFrom(cmd)
	if err != nil {
		return usageError("%v", err)
	}
	kind, url := strings.ToLower(strings.TrimSpace(cmd.String("kind"))), strings.TrimSpace(cmd.String("url"))
	if err := source.Validate(kind, url); err != nil {
		return usageError("%v", err)
	}
	if err := source.CheckAddress(url, guardPolicy(cfg)); err != nil {
		return usageError("%v (flag: --allow-private-sources)", err)
	}
	settings := map[string]string{}
	for _, kv := range cmd.StringSlice("setting") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return usageError("--setting %q: want key=value", kv)
		}
		settings[strings.TrimSpace(k)] = v
	}
	return withStore(ctx, cmd, env, func(db *store.DB) error {
		s, err := db.CreateSource(ctx, cliActor, store.Source{Kind: kind, URL: url, Name: cmd.String("name"), UnitID: cmd.Int64("unit"),
			Every: cmd.Duration("every"), Settings: settings})
		if err != nil {
			return fmt.Errorf("add source: %w", err)
		}
		if cmd.Bool("json") {
			return printJSON(env.Stdout, s)
		}
		fmt.Fprintln(env.Stdout, s.ID)
		return nil
	})
}

func sourceList(ctx context.Context, cmd *ucli.Command, env Env) error {
	return withStore(ctx, cmd, env, func(db *store.DB) error {
		list, err := db.Sources(ctx)
		if err != nil {
			return err
		}
		if cmd.Bool("json") {
			return printJSON(env.Stdout, list)
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tKIND\tNAME\tSTATE\tITEMS\tLAST SUCCESS\tLAST ERROR")
		for _, s := range list {
			last := "-"
			if !s.LastSuccessAt.IsZero() {
				last = s.LastSuccessAt.Format(time.RFC3339)
			}
			msg := s.LastError
			if len(msg) > 80 {
				msg = msg[:77] + "..."
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\t%s\n", s.ID, s.Kind, s.Name, s.State, s.ItemsTotal, last, msg)
		}
		return tw.Flush()
	})
}

func sourceFetch(ctx context.Context, cmd *ucli.Command, env Env) error {
	id, err := sourceID(cmd)
	if err != nil {
		return err
	}
	cfg, logger, db, err := openStore(ctx, cmd, env)
	if err != nil {
		return err
	}
	defer db.Close()
	src, err := db.Source(ctx, id)
	if err != nil {
		return err
	}
	if src.State == store.SourceRemoved {
		return apperr.Errorf(apperr.NotFound, "source %d not found", id)
	}
	if src.Kind == "import" || src.Kind == "push" {
		return usageError("source %d is an %s source: it has nothing to fetch", id, src.Kind)
	}
	pipe, err := pipeline.Open(ctx, pipeline.Options{Config: cfg, Store: db, Logger: logger, Clock: env.Clock})
	if err != nil {
		return err
	}
	defer pipe.Close()
	w := &watch.Watcher{Store: db, Submitter: pipe, Clock: env.Clock, Logger: logger, Deps: app.SourceDeps(cfg, env.Clock)}
	rep, err := w.FetchOnce(ctx, src)
	for _, r := range rep.Rejected {
		fmt.Fprintf(env.Stderr, "rejected: %s\n", r)
	}
	for _, s := range rep.Skipped {
		fmt.Fprintf(env.Stderr, "skipped: %s\n", s)
	}
	if err != nil {
		return err
	}
	if cmd.Bool("json") {
		type item struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
			Title  string `json:"title,omitempty"`
			URL    string `json:"url,omitempty"`
		}
		items := []item{}
		for i, p := range rep.Posts {
			items = append(items, item{ID: p.ID, Status: rep.Outcomes[i].Status, Title: p.Title, URL: p.URL})
		}
		s := rep.Summary
		return printJSON(env.Stdout, map[string]any{"source": id, "fetched": rep.Fetched, "not_modified": rep.NotModified,
			"imported": s.Imported, "updated": s.Updated, "duplicates": s.Duplicates, "rejected": s.Rejected, "items": items})
	}
	for i, p := range rep.Posts {
		title := p.Title
		if title == "" {
			title = firstLine(p.Text, 70)
		}
		fmt.Fprintf(env.Stdout, "%-9s %d  %s  %s\n", rep.Outcomes[i].Status, p.ID, title, p.URL)
	}
	s := rep.Summary
	if rep.NotModified {
		fmt.Fprintln(env.Stdout, "not modified since the last fetch")
	}
	fmt.Fprintf(env.Stdout, "fetched %d, imported %d, updated %d, duplicates %d, rejected %d\n", rep.Fetched, s.Imported, s.Updated, s.Duplicates, s.Rejected)
	return nil
}

func firstLine(s string, n int) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	r := []rune(s)
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
