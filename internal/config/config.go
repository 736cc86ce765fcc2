// Package config gathers factdesk's settings into one value that is passed
// down from main. Nothing reads flags or the environment deep inside.
package config

import (
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
)

// Config is every setting of a factdesk process.
type Config struct {
	DataDir   string // folder for the SQLite file, the embedded queue and uploads
	DBURL     string // empty: SQLite in DataDir; postgres://...: PostgreSQL
	Addr      string // HTTP listen address
	BaseURL   string // public URL of the site, for links and Secure cookies
	LogFormat string // text or json
	LogLevel  string // debug, info, warn, error
	NATSURL   string // empty: embedded JetStream; nats://...: an external cluster
	// NATSNamespace prefixes subjects and streams, so deployments can share
	// one NATS cluster (default "factdesk").
	NATSNamespace string

	AllowPrivateSources bool  // let sources point at loopback and private addresses
	MaxBodyBytes        int64 // cap on fetched bodies and pushed requests

	// SMTPURL, when set, sends in-app notifications by e-mail too:
	// smtp://user:password@host:587?from=desk@example.org (or smtps://).
	SMTPURL string

	// EmbeddingsURL, when set, turns on semantic claim matching: posts and
	// claims are embedded by this OpenAI-compatible endpoint and their
	// similarity is fused into the match score. EmbeddingsModel names the
	// model asked for. Empty keeps matching lexical.
	EmbeddingsURL, EmbeddingsModel string

	// MetricsToken, when set, is the bearer token /metrics asks for;
	// without it /metrics answers only requests from this machine.
	MetricsToken string

	// Drill names the drill run whose isolated workspace DataDir is; the UI
	// then marks every page "DRILL — not real data". Set by `factdesk drill`.
	Drill string
}

// Defaults.
const (
	DefaultDataDir      = "./factdesk-data"
	DefaultDemoDataDir  = "./factdesk-demo"
	DefaultAddr         = "127.0.0.1:8080"
	DefaultMaxBodyBytes = 20 << 20
)

// Validate checks the settings and says which one is wrong.
func (c Config) Validate() error {
	if c.DBURL == "" && c.DataDir == "" {
		return fmt.Errorf("--data must name a folder when --db is empty")
	}
	if c.DBURL != "" && !strings.HasPrefix(c.DBURL, "postgres://") && !strings.HasPrefix(c.DBURL, "postgresql://") &&
		!strings.HasPrefix(c.DBURL, "sqlite:") && !strings.HasPrefix(c.DBURL, "file:") {
		return fmt.Errorf("--db %q: want a postgres:// URL, or nothing for SQLite in the data folder", c.DBURL)
	}
	if c.SMTPURL != "" {
		u, err := url.Parse(c.SMTPURL)
		if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" || !strings.Contains(u.Query().Get("from"), "@") {
			return fmt.Errorf("--smtp-url: want smtp://[user:password@]host[:port]?from=address (or smtps://)")
		}
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("--base-url %q: want an absolute http(s) URL", c.BaseURL)
		}
	}
	if c.NATSURL != "" && !strings.HasPrefix(c.NATSURL, "nats://") && !strings.HasPrefix(c.NATSURL, "tls://") {
		return fmt.Errorf("--nats %q: want a nats:// URL", c.NATSURL)
	}
	if _, err := ParseLevel(c.LogLevel); err != nil {
		return err
	}
	switch c.LogFormat {
	case "", "text", "json":
	default:
		return fmt.Errorf("--log-format %q: want text or json", c.LogFormat)
	}
	return nil
}

// PublicBaseURL returns BaseURL, or one derived from Addr.
func (c Config) PublicBaseURL() string {
	if c.BaseURL != "" {
		return strings.TrimRight(c.BaseURL, "/")
	}
	return "http://" + c.Addr
}

// ParseLevel parses a log level name.
func ParseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if s == "" {
		return slog.LevelInfo, nil
	}
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("--log-level %q: want debug, info, warn or error", s)
	}
	return l, nil
}

// NewLogger builds the process logger once, from the settings.
func (c Config) NewLogger(w io.Writer) *slog.Logger {
	level, _ := ParseLevel(c.LogLevel)
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
