package story

import (
	"context"
	"fmt"

	"github.com/factdesk/factdesk/internal/store"
)

// Loader is what [Load] needs of the store.
type Loader interface {
	Store
	// PostsWithStories pages through all posts in id order with their
	// stories (0 for none).
	PostsWithStories(ctx context.Context, afterID int64, limit int) ([]store.PostWithStory, error)
}

// LoadStats says what [Load] read.
type LoadStats struct {
	Posts      int `json:"posts"`      // posts read
	Backfilled int `json:"backfilled"` // posts that had no story and were given one
	Stories    int `json:"stories"`
}

// loadPage is how many posts Load reads per query.
const loadPage = 5000

// Load rebuilds the story index from the store: it pages through all posts
// in id order and replays their stored assignments, so the index places
// new posts exactly as the one that made those assignments would. Posts
// without a story (stored before stories existed, or whose batch failed
// between the two transactions) are placed and stored on the way.
//
// Call it before the pipeline starts writing, and give the index to
// [NewStage].
func Load(ctx context.Context, st Loader, cfg Config) (*Index, LoadStats, error) {
	ix, err := NewIndex(cfg)
	if err != nil {
		return nil, LoadStats{}, err
	}
	var stats LoadStats
	for after := int64(0); ; {
		page, err := st.PostsWithStories(ctx, after, loadPage)
		if err != nil {
			return nil, stats, fmt.Errorf("load stories: %w", err)
		}
		if len(page) == 0 {
			break
		}
		n, err := ix.replay(ctx, st, page)
		if err != nil {
			return nil, stats, fmt.Errorf("load stories: %w", err)
		}
		stats.Posts += len(page)
		stats.Backfilled += n
		after = page[len(page)-1].Post.ID
	}
	stats.Stories = ix.Stats().Stories
	return ix, stats, nil
}

// replay adds one page of stored posts to the index and stores a story for
// those that had none. It returns how many it stored.
func (ix *Index) replay(ctx context.Context, st Store, page []store.PostWithStory) (int, error) {
	fps := make([]Fingerprint, len(page))
	parallel(len(page), func(i int) { fps[i] = FingerprintOf(&page[i].Post) })
	var backfill []store.StoryAssignment
	for i := range page {
		r := &page[i]
		if r.StoryID != 0 {
			ix.Add(r.StoryID, &fps[i])
			continue
		}
		p := &r.Post
		backfill = append(backfill, store.StoryAssignment{PostID: p.ID, SourceID: p.SourceID, PublishedAt: p.PublishedAt,
			StoryID: ix.Place(p.ID, &fps[i]).StoryID, Terms: Terms(p)})
	}
	if len(backfill) == 0 {
		return 0, nil
	}
	return st.SaveStoryAssignments(ctx, backfill)
}
