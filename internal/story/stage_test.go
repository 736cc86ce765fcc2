package story

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/intake"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

var _ intake.Stage = (*Stage)(nil)

var t0 = time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)

// fixturePosts returns the fixture's posts ready for the store: from two
// sources alternately, with their file order as their order.
func fixturePosts(t *testing.T, srcA, srcB int64) []post.Post {
	t.Helper()
	posts, _ := readLabelled(t, fixture)
	for i := range posts {
		posts[i].ID = 0
		posts[i].SourceID = srcA
		if i%2 == 1 {
			posts[i].SourceID = srcB
		}
	}
	return posts
}

// ingest stores posts in batches and runs the stage on each, as the
// intake writer does.
func ingest(t *testing.T, db *store.DB, st *Stage, posts []post.Post, batch int) {
	t.Helper()
	ctx := context.Background()
	for len(posts) > 0 {
		b := posts[:min(batch, len(posts))]
		posts = posts[len(b):]
		res, err := db.UpsertPosts(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Process(ctx, b, res); err != nil {
			t.Fatal(err)
		}
	}
}

func TestStagePersistsStories(t *testing.T) {
	storetest.Each(t, clock.NewFake(t0), func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, _ := db.EnsureSource(ctx, "test", "import", "a")
		b, _ := db.EnsureSource(ctx, "test", "import", "b")
		posts := fixturePosts(t, a.ID, b.ID)
		ix := newTestIndex(t)
		st := NewStage(ix, db)
		ingest(t, db, st, posts, 50)

		stories, err := db.Stories(ctx, store.StoryFilter{Order: store.StoriesLargest, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, s := range stories {
			total += s.PostCount
		}
		if len(stories) != ix.Stats().Stories || total != len(posts) {
			t.Fatalf("%d stories with %d posts; index has %d stories, %d posts stored", len(stories), total, ix.Stats().Stories, len(posts))
		}
		big := stories[0]
		if big.PostCount < 3 || big.SourceCount != 2 || len(big.TopTerms) == 0 || big.RepresentativePostID != big.ID {
			t.Fatalf("largest story %+v", big)
		}
		buckets, _ := db.StoryBuckets(ctx, big.ID, time.Time{})
		n := 0
		for _, bk := range buckets {
			n += bk.Count
		}
		if n != big.PostCount {
			t.Fatalf("buckets count %d posts, story %d", n, big.PostCount)
		}

		// Redelivery: the same batch again, now as duplicates, changes nothing.
		res, err := db.UpsertPosts(ctx, posts[:50])
		if err != nil || res[0].Status != store.Duplicate {
			t.Fatalf("redelivery: %v %v", res[0], err)
		}
		if err := st.Process(ctx, posts[:50], res); err != nil {
			t.Fatal(err)
		}
		again, _ := db.Story(ctx, big.ID)
		if again.PostCount != big.PostCount || ix.Stats().Stories != len(stories) {
			t.Fatalf("redelivery changed the story: %+v", again)
		}
	})
}

// failingStore fails every save.
type failingStore struct{ Store }

func (failingStore) SaveStoryAssignments(context.Context, []store.StoryAssignment) (int, error) {
	return 0, errors.New("disk on fire")
}

func TestStageRecoversAPostWhoseBatchFailed(t *testing.T) {
	db := storetest.OpenSQLite(t, clock.NewFake(t0))
	ctx := context.Background()
	src, _ := db.EnsureSource(ctx, "test", "import", "a")
	ix := newTestIndex(t)
	p := []post.Post{{SourceID: src.ID, ExternalID: "1", Text: rumour, ContentHash: "h1", PublishedAt: t0, FetchedAt: t0}}
	res, err := db.UpsertPosts(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if err := NewStage(ix, failingStore{db}).Process(ctx, p, res); err == nil {
		t.Fatal("failure not reported")
	}
	// The batch comes back; its post is now a duplicate without a story.
	res, _ = db.UpsertPosts(ctx, p)
	if err := NewStage(ix, db).Process(ctx, p, res); err != nil {
		t.Fatal(err)
	}
	ids, err := db.PostStoryIDs(ctx, []int64{res[0].ID})
	if err != nil || ids[res[0].ID] != res[0].ID {
		t.Fatalf("story of the recovered post: %v %v", ids, err)
	}
}

func TestLoadRebuildsTheOnlineIndex(t *testing.T) {
	storetest.Each(t, clock.NewFake(t0), func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, _ := db.EnsureSource(ctx, "test", "import", "a")
		b, _ := db.EnsureSource(ctx, "test", "import", "b")
		posts := fixturePosts(t, a.ID, b.ID)
		half := len(posts) / 2
		online := newTestIndex(t)
		ingest(t, db, NewStage(online, db), posts[:half], 40)

		loaded, stats, err := Load(ctx, db, Config{})
		if err != nil {
			t.Fatal(err)
		}
		if stats.Posts != half || stats.Backfilled != 0 || stats.Stories != online.Stats().Stories {
			t.Fatalf("load stats %+v, online %+v", stats, online.Stats())
		}
		if lo, on := loaded.Stats(), online.Stats(); lo.Stories != on.Stories || lo.Reps != on.Reps {
			t.Fatalf("loaded %+v, online %+v", lo, on)
		}
		// Both place the second half exactly alike.
		for i, p := range posts[half:] {
			p.ID = int64(100000 + i)
			fp := FingerprintOf(&p)
			if x, y := online.Place(p.ID, &fp), loaded.Place(p.ID, &fp); x != y {
				t.Fatalf("post %d: online %+v, loaded %+v", i, x, y)
			}
		}
	})
}

func TestLoadBackfillsPostsWithoutStory(t *testing.T) {
	db := storetest.OpenSQLite(t, clock.NewFake(t0))
	ctx := context.Background()
	src, _ := db.EnsureSource(ctx, "test", "import", "a")
	var posts []post.Post
	for i := range 30 {
		posts = append(posts, post.Post{SourceID: src.ID, ExternalID: fmt.Sprint(i), Text: fmt.Sprintf("%s lần %d", rumour, i%3),
			ContentHash: fmt.Sprint("h", i), PublishedAt: t0, FetchedAt: t0})
	}
	if _, err := db.UpsertPosts(ctx, posts); err != nil {
		t.Fatal(err)
	}
	ix, stats, err := Load(ctx, db, Config{})
	if err != nil || stats.Backfilled != 30 || stats.Stories != 1 {
		t.Fatalf("load: %+v %v", stats, err)
	}
	s, err := db.Story(ctx, 1)
	if err != nil || s.PostCount != 30 {
		t.Fatalf("story %+v %v", s, err)
	}
	// Loading again finds them assigned.
	if _, stats, _ := Load(ctx, db, Config{}); stats.Backfilled != 0 {
		t.Fatalf("second load backfilled %d", stats.Backfilled)
	}
	_ = ix
}
