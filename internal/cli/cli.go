// Package cli is the factdesk command line: it parses flags and the
// FACTDESK_* environment into a config.Config and calls into the domain
// packages. main only calls Run.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	ucli "github.com/urfave/cli/v3"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/config"
)

// Env is what a command run sees of the outside world.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Clock  clock.Clock
}

// Run runs the factdesk command line with args (args[0] is the program name)
// and returns the process exit code.
func Run(ctx context.Context, args []string, env Env) (code int) {
	defer func() {
		// A bug must still reach the user as one clear line, not a stack trace.
		if p := recover(); p != nil {
			fmt.Fprintf(env.Stderr, "factdesk: internal error: %v (please report it with the command you ran)\n", p)
			code = 70
		}
	}()
	root := newRoot(env)
	err := root.Run(ctx, args)
	if err == nil {
		return 0
	}
	var ec ucli.ExitCoder
	if errors.As(err, &ec) {
		if msg := err.Error(); msg != "" {
			fmt.Fprintln(env.Stderr, "factdesk:", msg)
		}
		return ec.ExitCode()
	}
	fmt.Fprintln(env.Stderr, "factdesk:", err)
	return 1
}

func newRoot(env Env) *ucli.Command {
	return &ucli.Command{
		Name:  "factdesk",
		Usage: "a self-hosted public-information desk: watch, understand, respond, report, train",
		Description: "factdesk watches public sources, groups posts into stories, matches them against checked claims,\n" +
			"turns alerts into cases and publishes evidence-backed corrections.\n" +
			"Every flag can also be set with the FACTDESK_* environment variable shown; flags win.",
		Reader:                env.Stdin,
		Writer:                env.Stdout,
		ErrWriter:             env.Stderr,
		EnableShellCompletion: true,
		// Errors are printed once, by Run; never exit from inside the library.
		ExitErrHandler: func(context.Context, *ucli.Command, error) {},
		Flags:          globalFlags(),
		Commands: []*ucli.Command{
			serveCommand(env),
			workerCommand(env),
			demoCommand(env),
			migrateCommand(env),
			statsCommand(env),
			checkCommand(env),
			backupCommand(env),
			restoreCommand(env),
			userCommand(env),
			unitCommand(env),
			tokenCommand(env),
			sourceCommand(env),
			importCommand(env),
			searchCommand(env),
			alertCommand(env),
			caseCommand(env),
			auditCommand(env),
			webhookCommand(env),
			claimsCommand(env),
			publicationCommand(env),
			evalCommand(env),
			drillCommand(env),
			reportCommand(env),
			benchCommand(env),
			versionCommand(env),
		},
	}
}

func globalFlags() []ucli.Flag {
	return []ucli.Flag{
		&ucli.StringFlag{Name: "data", Value: config.DefaultDataDir, Usage: "data folder (SQLite file, embedded queue, uploads)", Sources: ucli.EnvVars("FACTDESK_DATA")},
		&ucli.StringFlag{Name: "db", Usage: "database URL: empty for SQLite in the data folder, or postgres://user@host/db", Sources: ucli.EnvVars("FACTDESK_DB")},
		&ucli.StringFlag{Name: "addr", Value: config.DefaultAddr, Usage: "HTTP listen address", Sources: ucli.EnvVars("FACTDESK_ADDR")},
		&ucli.StringFlag{Name: "base-url", Usage: "public URL of the site (https enables Secure cookies)", Sources: ucli.EnvVars("FACTDESK_BASE_URL")},
		&ucli.StringFlag{Name: "log-format", Value: "text", Usage: "log format: text or json", Sources: ucli.EnvVars("FACTDESK_LOG_FORMAT")},
		&ucli.StringFlag{Name: "log-level", Value: "info", Usage: "log level: debug, info, warn or error", Sources: ucli.EnvVars("FACTDESK_LOG_LEVEL")},
		&ucli.StringFlag{Name: "nats", Usage: "external NATS URL (empty: embedded JetStream in the data folder)", Sources: ucli.EnvVars("FACTDESK_NATS")},
		&ucli.StringFlag{Name: "nats-namespace", Value: "factdesk", Usage: "prefix of subjects and streams on the NATS server", Sources: ucli.EnvVars("FACTDESK_NATS_NAMESPACE")},
		&ucli.StringFlag{Name: "metrics-token", Usage: "bearer token a Prometheus scraper sends for /metrics (default: /metrics answers this machine only)", Sources: ucli.EnvVars("FACTDESK_METRICS_TOKEN")},
		&ucli.StringFlag{Name: "smtp-url", Usage: "send notifications by e-mail too: smtp://user:password@host:587?from=desk@example.org", Sources: ucli.EnvVars("FACTDESK_SMTP_URL")},
		&ucli.BoolFlag{Name: "allow-private-sources", Usage: "allow sources on loopback, private and link-local addresses", Sources: ucli.EnvVars("FACTDESK_ALLOW_PRIVATE_SOURCES")},
		&ucli.Int64Flag{Name: "max-body", Value: config.DefaultMaxBodyBytes, Usage: "largest fetched or pushed body, in bytes", Sources: ucli.EnvVars("FACTDESK_MAX_BODY")},
	}
}

// configFrom gathers the flags into a Config.
func configFrom(cmd *ucli.Command) (config.Config, error) {
	cfg := config.Config{
		DataDir:             cmd.String("data"),
		DBURL:               cmd.String("db"),
		Addr:                cmd.String("addr"),
		BaseURL:             cmd.String("base-url"),
		LogFormat:           cmd.String("log-format"),
		LogLevel:            cmd.String("log-level"),
		NATSURL:             cmd.String("nats"),
		NATSNamespace:       cmd.String("nats-namespace"),
		SMTPURL:             cmd.String("smtp-url"),
		MetricsToken:        cmd.String("metrics-token"),
		AllowPrivateSources: cmd.Bool("allow-private-sources"),
		MaxBodyBytes:        cmd.Int64("max-body"),
		// serve, demo and worker have these flags (see embeddingsURLFlag)
		EmbeddingsURL:   cmd.String("embeddings-url"),
		EmbeddingsModel: cmd.String("embeddings-model"),
	}
	if err := cfg.Validate(); err != nil {
		return cfg, err
	}
	if _, err := matchConfig(cmd); err != nil {
		return cfg, err
	}
	return cfg, nil
}

// logger for commands other than serve: warnings and errors only on stderr,
// so their own output stays clean.
func quietLogger(cfg config.Config, env Env) *slog.Logger {
	if cfg.LogLevel == "info" || cfg.LogLevel == "" {
		cfg.LogLevel = "warn"
	}
	return cfg.NewLogger(env.Stderr)
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// usageError is a mistake in how the command was called: exit code 2.
func usageError(format string, args ...any) error {
	return ucli.Exit(fmt.Sprintf(format, args...), 2)
}

// isTerminal reports whether w is an interactive terminal.
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
