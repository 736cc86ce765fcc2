package drill

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/factdesk/factdesk/internal/app"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/config"
	"github.com/factdesk/factdesk/internal/intake"
	"github.com/factdesk/factdesk/internal/post"
)

// Options configure Execute.
type Options struct {
	// Speed is how many scenario seconds pass per wall second; 0 runs as
	// fast as the machine allows ("max"), stepping a fake clock.
	Speed float64
	// Autopilot plays the team through the workspace's HTTP API.
	Autopilot bool
	// Config is the base configuration (limits, log settings); its data
	// folder, database, bus and address are replaced by the workspace's.
	Config config.Config
	// Addr is where the workspace's UI and API are served ("127.0.0.1:0"
	// picks a free port).
	Addr   string
	Logger *slog.Logger
	// Wall is the real clock: the base of the scaled clock and the timer
	// of the run.
	Wall clock.Clock
	// Step is the scenario time fed per step (default 1 minute).
	Step time.Duration
	// Serving is told the address once the workspace answers HTTP.
	Serving func(addr string)
	// Progress is told of each step.
	Progress func(r *Run)
	// Ended is told when every post of a drill played by people (not the
	// autopilot, not at max speed) has been fed; the workspace stays
	// served until the drill is stopped.
	Ended func(r *Run)
}

// Execute plays the run: it opens the workspace as a factdesk app on the
// scenario clock, feeds the generated posts through the real pipeline as
// their time comes, lets the autopilot act if asked, obeys pause, resume
// and stop from the control file, and records the outcome in run.json.
func Execute(ctx context.Context, run *Run, opt Options) (err error) {
	if opt.Step == 0 {
		opt.Step = time.Minute
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	sc, err := run.Load()
	if err != nil {
		return err
	}
	wallStart := opt.Wall.Now()
	defer func() {
		run.WallSeconds = opt.Wall.Now().Sub(wallStart).Seconds()
		run.FinishedAt = opt.Wall.Now()
		run.Addr = ""
		if err != nil {
			run.State, run.Error = StateFailed, err.Error()
		}
		if serr := run.Save(); serr != nil && err == nil {
			err = serr
		}
	}()
	p := &player{run: run, sc: sc, opt: opt, posts: Generate(sc, run.Seed)}
	if opt.Speed > 0 {
		p.scaled = clock.NewScaled(opt.Wall, sc.Start, opt.Speed)
		p.clk = p.scaled
		run.Speed = fmt.Sprint(opt.Speed)
	} else {
		p.fake = clock.NewFake(sc.Start)
		p.clk = p.fake
		run.Speed = "max"
	}
	run.Autopilot = opt.Autopilot
	return p.play(ctx)
}

type player struct {
	run    *Run
	sc     *Scenario
	opt    Options
	posts  []GenPost
	clk    clock.Clock
	fake   *clock.Fake
	scaled *clock.Scaled
	app    *app.App
	src    map[string]int64
	next   int // first post not yet fed
}

func (p *player) play(ctx context.Context) error {
	cfg := p.opt.Config
	cfg.DataDir, cfg.DBURL, cfg.NATSURL, cfg.Drill = p.run.DataDir, "", "", p.run.ID
	cfg.Addr = p.opt.Addr
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:0"
	}
	if cfg.NATSNamespace == "" {
		cfg.NATSNamespace = "factdesk"
	}
	// Listen first, so that the app knows its real address (":0" picks a
	// port) for the links it makes, such as a publication's public URL.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("drill: listen on %s: %w", cfg.Addr, err)
	}
	cfg.Addr = ln.Addr().String()
	a, err := app.Open(ctx, cfg, p.opt.Logger, p.clk)
	if err != nil {
		ln.Close()
		return fmt.Errorf("open the drill workspace: %w", err)
	}
	p.app = a
	serveCtx, stopServe := context.WithCancel(context.WithoutCancel(ctx))
	served := make(chan error, 1)
	go func() { served <- a.Serve(serveCtx, ln) }()
	addr := ln.Addr().String()
	p.run.Addr = addr
	if p.opt.Serving != nil {
		p.opt.Serving(addr)
	}
	err = p.feed(ctx, addr)
	stopServe()
	err = errors.Join(err, <-served, a.Close())
	if err == nil && p.run.State == StateRunning {
		p.run.State = StateFinished
	}
	return err
}

// feed steps through the scenario.
func (p *player) feed(ctx context.Context, addr string) error {
	p.src = map[string]int64{}
	for _, s := range p.sc.Sources {
		src, err := p.app.DB.SourceByName(ctx, s.Name)
		if err != nil {
			return fmt.Errorf("drill source %q: %w", s.Name, err)
		}
		p.src[s.Name] = src.ID
	}
	var pilot *autopilot
	if p.opt.Autopilot {
		var err error
		if pilot, err = newAutopilot(ctx, p.app.DB, p.sc, p.run, "http://"+addr, p.opt.Logger); err != nil {
			return err
		}
	}
	end := p.sc.Duration.D()
	for t := time.Duration(0); t <= end; t += p.opt.Step {
		stop, err := p.waitFor(ctx, p.sc.Start.Add(t))
		if err != nil || stop {
			return err
		}
		if err := p.submitDue(ctx, t); err != nil {
			return err
		}
		if pilot != nil {
			if err := pilot.step(ctx, p.clk.Now()); err != nil {
				return fmt.Errorf("autopilot: %w", err)
			}
		}
		p.run.ScenarioNow = p.clk.Now()
		if p.opt.Progress != nil {
			p.opt.Progress(p.run)
		}
		if int(t/p.opt.Step)%10 == 0 {
			if err := p.run.Save(); err != nil {
				return err
			}
		}
	}
	if pilot != nil {
		pilot.finish()
		return nil
	}
	if p.opt.Speed > 0 {
		return p.holdOpen(ctx)
	}
	return nil
}

// holdOpen keeps a drill that people play served after its last post, on
// the running clock, until it is stopped: the team finishes its work.
func (p *player) holdOpen(ctx context.Context) error {
	if p.opt.Ended != nil {
		p.opt.Ended(p.run)
	}
	for {
		end := p.clk.Now().Add(24 * time.Hour)
		stop, err := p.waitFor(ctx, end)
		if err != nil {
			return err
		}
		if stop {
			if p.run.State == StateStopped && p.run.Fed == len(p.posts) {
				p.run.State = StateFinished // every post was played; stopping ends it
			}
			return nil
		}
	}
}

// waitFor brings the scenario clock to at: at once on the fake clock,
// by waiting on the scaled one. It obeys the control file meanwhile and
// reports whether the drill was stopped.
func (p *player) waitFor(ctx context.Context, at time.Time) (stop bool, err error) {
	for {
		switch readControl(p.run.DataDir) {
		case "stop":
			p.run.State = StateStopped
			return true, nil
		case "pause":
			if p.run.State != StatePaused {
				p.run.State = StatePaused
				if p.scaled != nil {
					p.scaled.Pause()
				}
				if err := p.run.Save(); err != nil {
					return false, err
				}
			}
		default:
			if p.run.State == StatePaused {
				p.run.State = StateRunning
				if p.scaled != nil {
					p.scaled.Resume()
				}
				if err := p.run.Save(); err != nil {
					return false, err
				}
			}
		}
		if p.run.State == StateRunning {
			if p.fake != nil {
				p.fake.Set(at)
				return false, nil
			}
			if !p.clk.Now().Before(at) {
				return false, nil
			}
		}
		select {
		case <-ctx.Done():
			p.run.State = StateStopped
			return true, nil
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// submitDue feeds the posts whose time has come.
func (p *player) submitDue(ctx context.Context, t time.Duration) error {
	now := p.clk.Now()
	var batch []post.Post
	for p.next < len(p.posts) && p.posts[p.next].At <= t {
		g := p.posts[p.next]
		p.next++
		pp := post.Post{SourceID: p.src[g.Source], ExternalID: g.ExternalID, URL: g.URL, Text: g.Text, AuthorHandle: g.Handle,
			PublishedAt: p.sc.Start.Add(g.At), Lang: p.sc.Lang, Platform: g.Platform}
		if err := intake.Normalize(&pp, now); err != nil {
			return fmt.Errorf("drill post %s: %w", g.ExternalID, err)
		}
		batch = append(batch, pp)
	}
	if len(batch) == 0 {
		return nil
	}
	if _, err := p.app.Pipeline.Submit(ctx, batch, nil); err != nil {
		return fmt.Errorf("feed the drill's posts: %w", err)
	}
	p.run.Fed = p.next
	return nil
}

// ReviewClock is the clock of a workspace opened after its run: real time
// from the scenario time the drill reached.
func ReviewClock(run *Run) clock.Clock {
	at := run.ScenarioNow
	if at.IsZero() {
		at = run.ScenarioStart
	}
	return clock.NewScaled(clock.Real{}, at, 1)
}
