// Package bus is factdesk's message bus: NATS JetStream, embedded in the
// process (file store in the data folder) for the single binary, or an
// external cluster for scale-out. The intake queue and the events that keep
// in-memory indexes consistent both travel on it.
package bus

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// WriterConsumer is the durable consumer shared by every intake writer.
const WriterConsumer = "writer"

// DefaultNamespace prefixes factdesk's subjects and streams on a NATS server.
const DefaultNamespace = "factdesk"

// IntakeStream is the name of the intake stream.
func (b *Bus) IntakeStream() string { return strings.ToUpper(b.ns) + "_INTAKE" }

// IntakeSubject is where posts are queued.
func (b *Bus) IntakeSubject() string { return b.ns + ".intake.posts" }

// StoredStream is the stream of stored batches that feeds the stateful
// stages in scale-out (written by every worker's intake writer, read by the
// worker holding the stages lease).
func (b *Bus) StoredStream() string { return strings.ToUpper(b.ns) + "_STORED" }

// StoredSubject is where stored batches are announced.
func (b *Bus) StoredSubject() string { return b.ns + ".stored.posts" }

// ResultsSubject is where the writer reports the outcomes of one batch
// (core NATS, not stored).
func (b *Bus) ResultsSubject(batch string) string { return b.ns + ".results." + batch }

// Bus is a connection to JetStream, with the embedded server when this
// process runs one.
type Bus struct {
	NC       *nats.Conn
	JS       jetstream.JetStream
	embedded *server.Server
	infoFile string
	ns       string
	Remote   bool // connected to another process's embedded server
}

// Options configure Open.
type Options struct {
	URL     string       // external NATS; empty: embedded in DataDir
	DataDir string       // folder for the embedded file store
	Listen  bool         // embedded: listen on loopback so CLI commands can hand work over
	Logger  *slog.Logger // for the embedded server's notices
	// Namespace prefixes subjects and streams (default "factdesk"), so that
	// several deployments, or tests, can share one NATS cluster.
	Namespace string
}

// handoff is written to the data folder by a listening embedded server.
type handoff struct {
	URL   string `json:"url"`
	Token string `json:"token"`
}

const handoffFile = "bus.json"

// Open connects to the bus. With an external URL it connects there. With
// none, it first tries the embedded server of a factdesk process already
// running on the same data folder (so that commands hand their work to it),
// and otherwise starts an embedded server of its own.
func Open(ctx context.Context, opt Options) (*Bus, error) {
	if opt.Namespace == "" {
		opt.Namespace = DefaultNamespace
	}
	if !validNamespace(opt.Namespace) {
		return nil, fmt.Errorf("bus: namespace %q: use letters, digits, '-' and '_' only", opt.Namespace)
	}
	if opt.URL != "" {
		nc, err := nats.Connect(opt.URL, nats.Name("factdesk"), nats.MaxReconnects(-1), nats.ReconnectWait(time.Second))
		if err != nil {
			return nil, fmt.Errorf("connect to NATS %s: %w", opt.URL, err)
		}
		return finish(ctx, &Bus{NC: nc, ns: opt.Namespace})
	}
	if opt.DataDir == "" {
		return nil, errors.New("bus: need a NATS URL or a data folder")
	}
	if !opt.Listen {
		if b, err := connectRunning(ctx, opt.DataDir, opt.Namespace); err == nil {
			return b, nil
		}
	}
	return startEmbedded(ctx, opt)
}

func connectRunning(ctx context.Context, dir, ns string) (*Bus, error) {
	raw, err := os.ReadFile(filepath.Join(dir, handoffFile))
	if err != nil {
		return nil, err
	}
	var h handoff
	if err := json.Unmarshal(raw, &h); err != nil {
		return nil, fmt.Errorf("bus: %s: %w", handoffFile, err)
	}
	nc, err := nats.Connect(h.URL, nats.Token(h.Token), nats.Name("factdesk-cli"), nats.Timeout(time.Second), nats.MaxReconnects(2))
	if err != nil {
		return nil, err
	}
	b, err := finish(ctx, &Bus{NC: nc, Remote: true, ns: ns})
	if err != nil {
		nc.Close()
	}
	return b, err
}

func startEmbedded(ctx context.Context, opt Options) (*Bus, error) {
	store := filepath.Join(opt.DataDir, "jetstream")
	if err := os.MkdirAll(store, 0o750); err != nil {
		return nil, fmt.Errorf("bus: create %s: %w", store, err)
	}
	sopts := &server.Options{
		ServerName: "factdesk-embedded",
		JetStream:  true,
		StoreDir:   store,
		NoSigs:     true,
		NoLog:      true,
		DontListen: !opt.Listen,
		Host:       "127.0.0.1",
		Port:       -1, // a free port
		MaxPayload: 8 << 20,
	}
	var token string
	if opt.Listen {
		b := make([]byte, 24)
		_, _ = rand.Read(b)
		token = hex.EncodeToString(b)
		sopts.Authorization = token
	}
	srv, err := server.NewServer(sopts)
	if err != nil {
		return nil, fmt.Errorf("bus: embedded NATS: %w", err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		srv.Shutdown()
		return nil, errors.New("bus: embedded NATS did not start within 10s (is another process using " + store + "?)")
	}
	copts := []nats.Option{nats.InProcessServer(srv), nats.Name("factdesk")}
	if token != "" {
		copts = append(copts, nats.Token(token))
	}
	nc, err := nats.Connect("", copts...)
	if err != nil {
		srv.Shutdown()
		return nil, fmt.Errorf("bus: connect in-process: %w", err)
	}
	b := &Bus{NC: nc, embedded: srv, ns: opt.Namespace}
	if opt.Listen {
		info, _ := json.Marshal(handoff{URL: srv.ClientURL(), Token: token})
		b.infoFile = filepath.Join(opt.DataDir, handoffFile)
		if err := os.WriteFile(b.infoFile, info, 0o600); err != nil {
			b.Close()
			return nil, fmt.Errorf("bus: write %s: %w", b.infoFile, err)
		}
	}
	return finish(ctx, b)
}

// finish creates the JetStream context and the streams.
func finish(ctx context.Context, b *Bus) (*Bus, error) {
	js, err := jetstream.New(b.NC)
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("bus: jetstream: %w", err)
	}
	b.JS = js
	_, err = js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        b.IntakeStream(),
		Subjects:    []string{b.IntakeSubject()},
		Storage:     jetstream.FileStorage,
		Retention:   jetstream.WorkQueuePolicy,
		Duplicates:  2 * time.Minute,
		MaxMsgSize:  4 << 20,
		Description: "posts waiting to be written by the intake writer",
	})
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("bus: create stream %s: %w", b.IntakeStream(), err)
	}
	return b, nil
}

// Embedded reports whether this process runs the NATS server.
func (b *Bus) Embedded() bool { return b.embedded != nil }

// Close drains the connection and stops the embedded server.
func (b *Bus) Close() error {
	var err error
	if b.NC != nil {
		if derr := b.NC.Drain(); derr != nil && !errors.Is(derr, nats.ErrConnectionClosed) {
			err = derr
		}
		for i := 0; i < 100 && !b.NC.IsClosed(); i++ {
			time.Sleep(10 * time.Millisecond)
		}
		b.NC.Close()
	}
	if b.infoFile != "" {
		_ = os.Remove(b.infoFile)
	}
	if b.embedded != nil {
		b.embedded.Shutdown()
		b.embedded.WaitForShutdown()
	}
	return err
}

func validNamespace(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return s != ""
}
