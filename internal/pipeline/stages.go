package pipeline

import (
	"context"
	"fmt"
	"sync"

	"github.com/factdesk/factdesk/internal/claim/match"
	"github.com/factdesk/factdesk/internal/intake"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/signal"
	"github.com/factdesk/factdesk/internal/store"
)

// Stages are the stages that run after posts are stored (stories, claim
// matching, spikes), with the in-memory indexes they keep. In scale-out one
// worker at a time runs them, while it holds the stages lease; the
// embedded default runs them inside the intake writer.
type Stages struct {
	list   []intake.Stage
	sig    *signal.Stage
	claims *match.Index
	opt    Options
}

// LoadStages rebuilds the indexes from the store (placing any stored post
// that has no story yet) and starts the spike detector from its saved
// state, replaying the posts stored since.
func LoadStages(ctx context.Context, opt Options) (*Stages, error) {
	list, sig, claims, err := buildStages(ctx, opt)
	if err != nil {
		return nil, err
	}
	return &Stages{list: list, sig: sig, claims: claims, opt: opt}, nil
}

// Process runs the stages, in order, on one stored batch.
func (s *Stages) Process(ctx context.Context, posts []post.Post, results []store.UpsertResult) error {
	for _, st := range s.list {
		if err := st.Process(ctx, posts, results); err != nil {
			return fmt.Errorf("pipeline stage: %w", err)
		}
	}
	return nil
}

// Run keeps the stages' background work going until ctx ends: the spike
// detector closes quiet buckets and the claim index follows the library.
// When ctx ends it flushes the detector (storing its alerts and state).
func (s *Stages) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	wg.Go(func() { followClaims(ctx, s.opt, s.claims) })
	err := s.sig.Run(ctx, 0)
	wg.Wait()
	return err
}
