package cli

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"sort"

	ucli "github.com/urfave/cli/v3"

	"github.com/factdesk/factdesk/internal/app"
	"github.com/factdesk/factdesk/internal/config"
	"github.com/factdesk/factdesk/internal/store"
)

// Version and Commit are set at build time with
// -ldflags "-X github.com/factdesk/factdesk/internal/cli.Version=...".
var (
	Version = "dev"
	Commit  = ""
)

// openStore reads the configuration, and opens and migrates its store, for a
// command. Commands log warnings only, so their own output stays clean.
func openStore(ctx context.Context, cmd *ucli.Command, env Env) (config.Config, *slog.Logger, *store.DB, error) {
	cfg, err := configFrom(cmd)
	if err != nil {
		return cfg, nil, nil, usageError("%v", err)
	}
	logger := quietLogger(cfg, env)
	db, err := app.OpenStore(ctx, cfg, logger, env.Clock)
	return cfg, logger, db, err
}

// withStore runs fn with the command's store open, closing it afterwards.
func withStore(ctx context.Context, cmd *ucli.Command, env Env, fn func(*store.DB) error) error {
	return withConfigStore(ctx, cmd, env, func(_ config.Config, db *store.DB) error { return fn(db) })
}

// withConfigStore is withStore for a command that needs its configuration too.
func withConfigStore(ctx context.Context, cmd *ucli.Command, env Env, fn func(config.Config, *store.DB) error) error {
	cfg, _, db, err := openStore(ctx, cmd, env)
	if err != nil {
		return err
	}
	ferr := fn(cfg, db)
	if cerr := db.Close(); ferr == nil && cerr != nil {
		return fmt.Errorf("close store: %w", cerr)
	}
	return ferr
}

func jsonFlag() ucli.Flag { return &ucli.BoolFlag{Name: "json", Usage: "print machine-readable JSON"} }

func migrateCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:  "migrate",
		Usage: "apply pending database migrations and print the schema version",
		Flags: []ucli.Flag{jsonFlag()},
		Action: func(ctx context.Context, cmd *ucli.Command) error {
			cfg, err := configFrom(cmd)
			if err != nil {
				return usageError("%v", err)
			}
			db, err := store.Open(ctx, store.Options{DataDir: cfg.DataDir, URL: cfg.DBURL, Clock: env.Clock})
			if err != nil {
				return err
			}
			defer db.Close()
			st, err := db.Migrate(ctx)
			if err != nil {
				return err
			}
			if cmd.Bool("json") {
				return printJSON(env.Stdout, st)
			}
			fmt.Fprintf(env.Stdout, "schema version %d (%s); applied now: %d migration(s)\n", st.Current, db.Dialect(), len(st.Applied))
			return nil
		},
	}
}

func statsCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:  "stats",
		Usage: "count the records of each entity",
		Flags: []ucli.Flag{jsonFlag()},
		Action: func(ctx context.Context, cmd *ucli.Command) error {
			return withStore(ctx, cmd, env, func(db *store.DB) error {
				st, err := db.Stats(ctx)
				if err != nil {
					return err
				}
				if cmd.Bool("json") {
					return printJSON(env.Stdout, st)
				}
				keys := make([]string, 0, len(st))
				for k := range st {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					fmt.Fprintf(env.Stdout, "%-14s %d\n", k, st[k])
				}
				return nil
			})
		},
	}
}

// VersionInfo describes the binary.
type VersionInfo struct {
	Version string `json:"version"`
	Commit  string `json:"commit"`
	Go      string `json:"go"`
}

func versionInfo() VersionInfo {
	v := VersionInfo{Version: Version, Commit: Commit, Go: runtime.Version()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v.Version == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && v.Commit == "" {
				v.Commit = s.Value
			}
		}
	}
	if v.Commit == "" {
		v.Commit = "unknown"
	}
	return v
}

func versionCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:  "version",
		Usage: "print the version, commit and Go version",
		Flags: []ucli.Flag{jsonFlag()},
		Action: func(ctx context.Context, cmd *ucli.Command) error {
			v := versionInfo()
			if cmd.Bool("json") {
				return printJSON(env.Stdout, v)
			}
			fmt.Fprintf(env.Stdout, "factdesk %s (commit %s, %s)\n", v.Version, v.Commit, v.Go)
			return nil
		},
	}
}
