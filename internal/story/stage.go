package story

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
)

// Store is what the stage needs of the store.
type Store interface {
	// PostStoryIDs returns the story of each of the given posts that has one.
	PostStoryIDs(ctx context.Context, postIDs []int64) (map[int64]int64, error)
	// SaveStoryAssignments stores assignments and their stories' counters
	// in one transaction; a post that already has a story keeps it.
	SaveStoryAssignments(ctx context.Context, as []store.StoryAssignment) (int, error)
}

// Stage is the pipeline step that places stored posts into stories: it has
// the method set of intake.Stage. Build it with [NewStage] around an index
// from [Load].
type Stage struct {
	index *Index
	store Store
}

// NewStage returns a stage that places posts with ix and persists the
// placements in st.
func NewStage(ix *Index, st Store) *Stage { return &Stage{index: ix, store: st} }

// Index returns the stage's index.
func (s *Stage) Index() *Index { return s.index }

// Process assigns a story to each post of a committed batch that has none:
// every newly inserted post, and any duplicate or updated post whose story
// was never stored (its batch failed after the posts were committed). An
// updated post keeps its story. The assignments and story counters are
// stored in one transaction. Processing a batch again changes nothing.
func (s *Stage) Process(ctx context.Context, posts []post.Post, results []store.UpsertResult) error {
	todo, err := s.unassigned(ctx, posts, results)
	if err != nil || len(todo) == 0 {
		return err
	}
	work := make([]*post.Post, len(todo))
	for k, i := range todo {
		work[k] = &posts[i]
	}
	as := s.place(work)
	if _, err := s.store.SaveStoryAssignments(ctx, as); err != nil {
		return fmt.Errorf("stories: %w", err)
	}
	return nil
}

// unassigned returns the indexes of the posts that need a story.
func (s *Stage) unassigned(ctx context.Context, posts []post.Post, results []store.UpsertResult) ([]int, error) {
	var known []int64
	for i, r := range results {
		if r.Status != store.Inserted {
			known = append(known, posts[i].ID)
		}
	}
	have := map[int64]int64{}
	if len(known) > 0 {
		var err error
		if have, err = s.store.PostStoryIDs(ctx, known); err != nil {
			return nil, fmt.Errorf("stories: %w", err)
		}
	}
	todo := make([]int, 0, len(posts))
	for i := range posts {
		if _, ok := have[posts[i].ID]; !ok && posts[i].ID != 0 {
			todo = append(todo, i)
		}
	}
	return todo, nil
}

// place fingerprints the posts in parallel, then places them in order.
func (s *Stage) place(posts []*post.Post) []store.StoryAssignment {
	fps := make([]Fingerprint, len(posts))
	as := make([]store.StoryAssignment, len(posts))
	parallel(len(posts), func(i int) {
		p := posts[i]
		fps[i] = FingerprintOf(p)
		as[i] = store.StoryAssignment{PostID: p.ID, SourceID: p.SourceID, PublishedAt: p.PublishedAt, Terms: Terms(p)}
	})
	for i, p := range posts {
		as[i].StoryID = s.index.Place(p.ID, &fps[i]).StoryID
	}
	return as
}

// parallel calls fn(0) ... fn(n-1) on up to GOMAXPROCS goroutines.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), (n+63)/64)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				fn(i)
			}
		})
	}
	wg.Wait()
}
