// Package pipeline runs factdesk's stages off the bus: intake writing now,
// then clustering, indexing and matching as they land. The same code runs
// inside `serve`, inside a `worker`, and inside a command such as `import`
// when no server is running on its data folder.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/factdesk/factdesk/internal/bus"
	"github.com/factdesk/factdesk/internal/claim/match"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/config"
	"github.com/factdesk/factdesk/internal/intake"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/signal"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/story"
)

// Options configure Open.
type Options struct {
	Config config.Config
	Store  *store.DB
	Logger *slog.Logger
	Clock  clock.Clock
	// Serve marks the long-running process that owns the data folder: its
	// embedded bus listens on loopback so commands can hand work to it.
	Serve bool
	// ClaimsFollowEvery is how often the claim index reads library
	// changes; 0 means every 30 seconds.
	ClaimsFollowEvery time.Duration
}

// Pipeline is a running pipeline, or a handle on another process's.
type Pipeline struct {
	Bus       *bus.Bus
	submitter *intake.Submitter
	cancel    context.CancelFunc // stops the writer
	wg        sync.WaitGroup
	writerErr error

	signals     *signal.Stage
	claims      *match.Index
	stopSignals context.CancelFunc
	signalsDone chan struct{}
}

// Open connects to the bus (starting the embedded one when needed) and, unless
// another process on the same data folder already runs the stages, starts
// them here.
func Open(ctx context.Context, opt Options) (*Pipeline, error) {
	b, err := bus.Open(ctx, bus.Options{URL: opt.Config.NATSURL, DataDir: opt.Config.DataDir, Listen: opt.Serve && opt.Config.NATSURL == "", Logger: opt.Logger, Namespace: opt.Config.NATSNamespace})
	if err != nil {
		return nil, err
	}
	p := &Pipeline{Bus: b, submitter: &intake.Submitter{Bus: b, Clock: opt.Clock}}
	if b.Remote {
		opt.Logger.Debug("handing work to the factdesk process running on this data folder")
		return p, nil
	}
	if opt.Config.NATSURL != "" {
		// Scale-out: `factdesk worker` processes write the queue and run
		// the stages; this process only queues posts.
		return p, nil
	}
	stages, sig, claims, err := buildStages(ctx, opt)
	if err != nil {
		b.Close()
		return nil, err
	}
	p.claims = claims
	w := &intake.Writer{Bus: b, Store: opt.Store, Clock: opt.Clock, Logger: opt.Logger, Stages: stages}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	p.cancel = cancel
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		if err := w.Run(runCtx); err != nil {
			p.writerErr = err
			opt.Logger.Error("intake writer stopped", "err", err)
		}
	}()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		followClaims(runCtx, opt, claims)
	}()
	sigCtx, stopSignals := context.WithCancel(context.WithoutCancel(ctx))
	p.signals, p.stopSignals, p.signalsDone = sig, stopSignals, make(chan struct{})
	go func() {
		defer close(p.signalsDone)
		if err := sig.Run(sigCtx, 0); err != nil {
			opt.Logger.Error("signals stopped", "err", err)
		}
	}()
	return p, nil
}

// claimsFollowEvery is how often the claim index reads library changes.
const claimsFollowEvery = 30 * time.Second

// buildStages rebuilds the in-memory indexes from the store and returns the
// stages that run after each stored batch, in order.
func buildStages(ctx context.Context, opt Options) ([]intake.Stage, *signal.Stage, *match.Index, error) {
	start := opt.Clock.Now()
	ix, st, err := story.Load(ctx, opt.Store, story.Config{})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("rebuild stories: %w", err)
	}
	opt.Logger.Info("story index rebuilt", "posts", st.Posts, "took", opt.Clock.Now().Sub(start).Round(time.Millisecond))
	sig, err := signal.NewStage(signal.StageOptions{Store: opt.Store, Stories: opt.Store, Clock: opt.Clock, Logger: opt.Logger})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("signals: %w", err)
	}
	if err := sig.Start(ctx); err != nil {
		return nil, nil, nil, fmt.Errorf("signals: %w", err)
	}
	start = opt.Clock.Now()
	mcfg, err := MatchConfig(opt.Config)
	if err != nil {
		return nil, nil, nil, err
	}
	claims, err := match.Load(ctx, opt.Store, mcfg)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("load the claims library: %w", err)
	}
	opt.Logger.Info("claim index built", "took", opt.Clock.Now().Sub(start).Round(time.Millisecond), "semantic", semantic(opt.Config))
	return []intake.Stage{story.NewStage(ix, opt.Store), match.NewStage(claims, opt.Store), sig}, sig, claims, nil
}

// MatchConfig is the claim matching that cfg asks for: lexical, or with
// semantic similarity from cfg.EmbeddingsURL.
func MatchConfig(cfg config.Config) (match.Config, error) {
	var mc match.Config
	if cfg.EmbeddingsURL == "" {
		return mc, nil
	}
	e, err := match.NewHTTPEmbedder(cfg.EmbeddingsURL, cfg.EmbeddingsModel)
	if err != nil {
		return mc, fmt.Errorf("semantic matching: %w", err)
	}
	mc.Embedder = e
	return mc, nil
}

// semantic says, for the log, how claims are matched.
func semantic(cfg config.Config) string {
	if cfg.EmbeddingsURL == "" {
		return "off"
	}
	return cfg.EmbeddingsModel + " at " + cfg.EmbeddingsURL
}

// followClaims keeps the claim index current with the library: claims
// imported, edited or published by any process are picked up within one
// interval, and matched against the posts stored in the last days (see
// match.Stage.Backfill), so that posts stored before the claim they repeat
// raise the same alerts as those stored after it. It runs only where the
// stages run (the embedded pipeline, or the worker holding the stages
// lease), so one process does the backfill. A failed backfill is tried
// again at the next interval. How far it went is stored, and the next
// follower (after a restart, or on another worker) goes on from there.
func followClaims(ctx context.Context, opt Options, ix *match.Index) {
	every := opt.ClaimsFollowEvery
	if every <= 0 {
		every = claimsFollowEvery
	}
	stage := match.NewStage(ix, opt.Store)
	since := opt.Clock.Now()
	// Go on from where the last follower stopped, so that the claims
	// changed while no process followed the library (between two holders
	// of the stages lease, or while the server was down after `claims
	// import` left the matching to it) are matched too.
	switch through, err := opt.Store.ClaimsFollowedThrough(ctx); {
	case err != nil:
		opt.Logger.Warn("claims: read where the last follower stopped", "err", err)
	case through.IsZero():
		if err := opt.Store.SetClaimsFollowedThrough(ctx, since); err != nil {
			opt.Logger.Warn("claims: record where the follower starts", "err", err)
		}
	case through.Before(since):
		since = through
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		next := opt.Clock.Now()
		changed, err := opt.Store.ClaimsChangedSince(ctx, since.Add(-time.Second))
		if err != nil {
			if ctx.Err() == nil {
				opt.Logger.Warn("claims: follow the library", "err", err)
			}
			continue
		}
		ids := make([]int64, len(changed))
		for i, c := range changed {
			ix.Upsert(c)
			ids[i] = c.ID
		}
		if len(ids) > 0 {
			res, err := stage.Backfill(ctx, opt.Store, ids, next)
			if err != nil {
				if ctx.Err() == nil {
					opt.Logger.Warn("claims: match the changed claims against recent posts", "claims", len(ids), "err", err)
				}
				continue
			}
			if res.Posts > 0 {
				opt.Logger.Info("claims: changed claims matched against recent posts", "claims", res.Claims,
					"posts", res.Posts, "matches", res.Matches, "alerts", res.Alerts)
			}
			if err := opt.Store.SetClaimsFollowedThrough(ctx, next); err != nil && ctx.Err() == nil {
				opt.Logger.Warn("claims: record how far the follower went", "err", err)
			}
		}
		since = next
	}
}

// Claims returns the claims index the stages match posts against, or nil
// when the stages run in another process.
func (p *Pipeline) Claims() *match.Index { return p.claims }

// Remote reports whether the stages run in another process.
func (p *Pipeline) Remote() bool { return p.Bus.Remote }

// Submit queues posts (normalised, with their source) and waits for the
// outcome of each.
func (p *Pipeline) Submit(ctx context.Context, posts []post.Post, progress func(done int)) (intake.Summary, error) {
	sum, err := p.submitter.Submit(ctx, posts, progress)
	if err != nil && p.writerErr != nil {
		return sum, fmt.Errorf("%w (intake writer: %v)", err, p.writerErr)
	}
	return sum, err
}

// Close stops the stages (finishing the batch in hand) and the bus.
// The writer stops first, so that the signals see every stored batch
// before they flush the buckets still open (an import's last minutes).
func (p *Pipeline) Close() error {
	if p.cancel != nil {
		p.cancel()
	}
	p.wg.Wait()
	if p.stopSignals != nil {
		p.stopSignals()
		<-p.signalsDone
	}
	return errors.Join(p.Bus.Close())
}
