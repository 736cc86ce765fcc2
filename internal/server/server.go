// Package server is factdesk's HTTP front: the operations endpoints
// (/healthz, /readyz, /metrics), request ids, logs and metrics for every
// request, the surfaces mounted beside them (UI, API, public site), and
// graceful shutdown.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
)

// ReadyChecker says whether the process can serve: the store answers and its
// schema is current. It returns an error naming what is not ready.
type ReadyChecker interface {
	Ready(ctx context.Context) error
}

// Options configure a Server.
type Options struct {
	Logger  *slog.Logger
	Clock   clock.Clock
	Metrics *Metrics
	Ready   ReadyChecker
	// Mounts maps a ServeMux pattern ("/", "/api/v1/") to its handler.
	Mounts map[string]http.Handler
	// MetricsToken, when set, is the bearer token /metrics asks for;
	// without it /metrics answers only local, unproxied requests.
	MetricsToken string
}

// Server serves HTTP until its context ends, then shuts down gracefully.
type Server struct {
	opt     Options
	handler http.Handler
	srv     *http.Server
}

// New builds the server's routes.
func New(opt Options) *Server {
	if opt.Clock == nil {
		opt.Clock = clock.Real{}
	}
	if opt.Metrics == nil {
		opt.Metrics = NewMetrics()
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		if opt.Ready != nil {
			if err := opt.Ready.Ready(ctx); err != nil {
				opt.Logger.Warn("not ready", "request_id", RequestID(r), "err", err)
				writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": err.Error()})
				return
			}
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
	mux.Handle("GET /metrics", guardMetrics(opt.MetricsToken, opt.Metrics.Handler()))
	for pattern, h := range opt.Mounts {
		mux.Handle(pattern, h)
	}
	s := &Server{opt: opt}
	s.handler = instrument(mux, opt.Logger, opt.Metrics, opt.Clock)
	return s
}

// Handler returns the whole HTTP handler, for tests.
func (s *Server) Handler() http.Handler { return s.handler }

// Serve answers on ln until ctx is cancelled, then stops accepting, lets
// in-flight requests finish (up to drain), and returns nil on a clean stop.
func (s *Server) Serve(ctx context.Context, ln net.Listener, drain time.Duration) error {
	s.srv = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.opt.Logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- s.srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	s.opt.Logger.Info("shutting down: draining requests", "timeout", drain)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), drain)
	defer cancel()
	if err := s.srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("http shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("http server: %w", err)
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
