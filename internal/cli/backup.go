package cli

import (
	"context"
	"fmt"
	"time"

	ucli "github.com/urfave/cli/v3"

	"github.com/factdesk/factdesk/internal/backup"
	"github.com/factdesk/factdesk/internal/bus"
	"github.com/factdesk/factdesk/internal/store"
)

func backupCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:      "backup",
		Usage:     "write a consistent copy of the store to a file, while the server runs or not",
		ArgsUsage: "FILE",
		Description: "SQLite (the data folder): an online copy with VACUUM INTO; the file is itself an SQLite database.\n" +
			"PostgreSQL (--db): pg_dump in its custom format (pg_dump must be on PATH; the schema named by\n" +
			"search_path only, when the URL sets one). FILE is replaced atomically. See docs/backup.md.",
		Flags: []ucli.Flag{jsonFlag()},
		Action: func(ctx context.Context, cmd *ucli.Command) error {
			if cmd.Args().Len() != 1 {
				return usageError("name the backup file: factdesk backup FILE")
			}
			file := cmd.Args().First()
			cfg, _, db, err := openStore(ctx, cmd, env)
			if err != nil {
				return err
			}
			defer db.Close()
			start := env.Clock.Now()
			res, err := backup.Create(ctx, db, cfg.DBURL, file)
			if err != nil {
				return err
			}
			return printBackup(env, cmd, "backed up", res, env.Clock.Now().Sub(start))
		},
	}
}

func restoreCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:      "restore",
		Usage:     "replace the store with a backup made by factdesk backup",
		ArgsUsage: "FILE",
		Description: "Checks the file first (SQLite integrity check, schema version known to this binary) and refuses\n" +
			"while factdesk serve runs on the data folder. Replacing a store that exists needs --force; for SQLite\n" +
			"the replaced database is kept as factdesk.db.pre-restore. PostgreSQL restores run pg_restore and psql\n" +
			"in one transaction: a failure leaves the database unchanged. The store is migrated afterwards.",
		Flags: []ucli.Flag{
			&ucli.BoolFlag{Name: "force", Usage: "replace a store that already exists"},
			jsonFlag(),
		},
		Action: func(ctx context.Context, cmd *ucli.Command) error {
			if cmd.Args().Len() != 1 {
				return usageError("name the backup file: factdesk restore FILE")
			}
			cfg, err := configFrom(cmd)
			if err != nil {
				return usageError("%v", err)
			}
			start := env.Clock.Now()
			res, err := backup.Restore(ctx, backup.Target{DataDir: cfg.DataDir, URL: cfg.DBURL}, cmd.Args().First(),
				backup.RestoreOptions{Force: cmd.Bool("force"), Running: bus.Running})
			if err != nil {
				return err
			}
			if res.Previous != "" && !cmd.Bool("json") {
				fmt.Fprintf(env.Stdout, "the replaced database is kept as %s\n", res.Previous)
			}
			return printBackup(env, cmd, "restored", res, env.Clock.Now().Sub(start))
		},
	}
}

func printBackup(env Env, cmd *ucli.Command, verb string, res backup.Result, took time.Duration) error {
	if cmd.Bool("json") {
		return printJSON(env.Stdout, struct {
			backup.Result
			TookMS int64 `json:"took_ms"`
		}{res, took.Milliseconds()})
	}
	fmt.Fprintf(env.Stdout, "%s %s store (schema version %d): %s, %.1f MB in %s\n",
		verb, res.Dialect, res.SchemaVersion, res.File, float64(res.Bytes)/(1<<20), took.Round(time.Millisecond))
	return nil
}

func checkCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:  "check",
		Usage: "check the store: SQLite integrity, schema version and the audit log's hash chain",
		Description: "Exits 1 when a check fails. Safe while the server runs (it only reads).\n" +
			"PostgreSQL checks its own pages; for it only the schema and the audit chain are checked.",
		Flags: []ucli.Flag{jsonFlag()},
		Action: func(ctx context.Context, cmd *ucli.Command) error {
			return withStore(ctx, cmd, env, func(db *store.DB) error {
				rep, err := backup.Check(ctx, db)
				if err != nil {
					return err
				}
				if cmd.Bool("json") {
					if err := printJSON(env.Stdout, rep); err != nil {
						return err
					}
				} else {
					fmt.Fprintf(env.Stdout, "integrity      %s\nschema         %d of %d\naudit events   %d\naudit chain    %s\n",
						rep.Integrity, rep.SchemaVersion, rep.SchemaLatest, rep.AuditEvents, rep.AuditChain)
				}
				if !rep.OK {
					return ucli.Exit("check failed", 1)
				}
				return nil
			})
		},
	}
}
