package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

// storePosts stores n posts from src, published a minute apart from t0,
// and returns their ids.
func storePosts(t *testing.T, db *store.DB, src int64, n int, tag string) []int64 {
	t.Helper()
	var posts []post.Post
	for i := range n {
		posts = append(posts, post.Post{SourceID: src, ExternalID: fmt.Sprintf("%s-%d", tag, i), Text: fmt.Sprintf("%s %d", tag, i),
			ContentHash: fmt.Sprintf("h-%s-%d", tag, i), PublishedAt: t0.Add(time.Duration(i) * time.Minute), FetchedAt: t0})
	}
	res, err := db.UpsertPosts(context.Background(), posts)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, n)
	for i, r := range res {
		ids[i] = r.ID
	}
	return ids
}

func TestStoryAssignments(t *testing.T) {
	c := clock.NewFake(t0)
	storetest.Each(t, c, func(t *testing.T, db *store.DB) {
		c.Set(t0) // the clock is shared by the subtests
		ctx := context.Background()
		a, _ := db.EnsureSource(ctx, "test", "import", "a")
		b, _ := db.EnsureSource(ctx, "test", "import", "b")
		pa := storePosts(t, db, a.ID, 12, "a")
		pb := storePosts(t, db, b.ID, 2, "b")
		story := pa[0]
		assign := func(postID, src int64, at time.Time, terms ...string) store.StoryAssignment {
			return store.StoryAssignment{PostID: postID, StoryID: story, SourceID: src, PublishedAt: at, Terms: terms}
		}
		batch := []store.StoryAssignment{
			assign(pa[0], a.ID, t0.Add(5*time.Minute), "tin", "giả"),
			assign(pa[1], a.ID, t0, "tin", "gia", "vắc"),
			assign(pb[0], b.ID, t0.Add(25*time.Minute), "tin"),
		}
		n, err := db.SaveStoryAssignments(ctx, batch)
		if err != nil || n != 3 {
			t.Fatalf("save = %d, %v", n, err)
		}
		// Redelivery changes nothing.
		if n, err := db.SaveStoryAssignments(ctx, batch); err != nil || n != 0 {
			t.Fatalf("save again = %d, %v", n, err)
		}
		// A post keeps its story even when asked to move.
		moved := assign(pa[1], a.ID, t0)
		moved.StoryID = pb[1]
		if n, err := db.SaveStoryAssignments(ctx, []store.StoryAssignment{moved, assign(pb[1], b.ID, t0.Add(time.Hour), "tin")}); err != nil || n != 1 {
			t.Fatalf("save moved = %d, %v", n, err)
		}
		c.Advance(time.Minute)
		if _, err := db.SaveStoryAssignments(ctx, []store.StoryAssignment{assign(pa[2], a.ID, t0.Add(-time.Hour))}); err != nil {
			t.Fatal(err)
		}
		s, err := db.Story(ctx, story)
		if err != nil {
			t.Fatal(err)
		}
		if s.PostCount != 5 || s.SourceCount != 2 || s.RepresentativePostID != story ||
			!s.FirstSeen.Equal(t0.Add(-time.Hour)) || !s.LastSeen.Equal(t0.Add(time.Hour)) ||
			!s.CreatedAt.Equal(t0) || !s.UpdatedAt.Equal(t0.Add(time.Minute)) {
			t.Fatalf("story = %+v", s)
		}
		if len(s.TopTerms) != 3 || s.TopTerms[0] != (store.TermCount{Term: "tin", Count: 4}) ||
			s.TopTerms[1] != (store.TermCount{Term: "giả", Count: 2}) {
			t.Fatalf("top terms = %+v", s.TopTerms)
		}
		ids, err := db.PostStoryIDs(ctx, []int64{pa[0], pa[1], pa[3], pb[1]})
		if err != nil || len(ids) != 3 || ids[pa[1]] != story || ids[pb[1]] != story {
			t.Fatalf("PostStoryIDs = %v, %v", ids, err)
		}
		buckets, err := db.StoryBuckets(ctx, story, t0.Add(-time.Minute))
		want := []store.StoryBucket{{Start: t0, Count: 2}, {Start: t0.Add(20 * time.Minute), Count: 1}, {Start: t0.Add(time.Hour), Count: 1}}
		if err != nil || fmt.Sprint(buckets) != fmt.Sprint(want) {
			t.Fatalf("buckets = %v, %v; want %v", buckets, err, want)
		}
		srcs, err := db.StorySources(ctx, story)
		if err != nil || len(srcs) != 2 || srcs[0] != (store.StorySource{SourceID: a.ID, Posts: 3}) {
			t.Fatalf("sources = %v, %v", srcs, err)
		}
		posts, err := db.StoryPosts(ctx, story, 10)
		if err != nil || len(posts) != 5 || posts[0].ID != pa[0] || posts[4].ID != pa[2] {
			t.Fatalf("story posts = %v, %v", posts, err)
		}
		if _, err := db.Story(ctx, 424242); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("missing story: %v", err)
		}
	})
}

func TestStoriesListAndRebuildPaging(t *testing.T) {
	storetest.Each(t, clock.NewFake(t0), func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		src, _ := db.EnsureSource(ctx, "test", "import", "a")
		ids := storePosts(t, db, src.ID, 1200, "p")
		// Three stories: of 1, 2 and 997 posts; post ids[3] stays unassigned.
		var as []store.StoryAssignment
		for i, id := range ids {
			story := ids[4]
			switch {
			case i == 3:
				continue
			case i == 0:
				story = ids[0]
			case i < 3:
				story = ids[1]
			}
			as = append(as, store.StoryAssignment{PostID: id, StoryID: story, SourceID: src.ID, PublishedAt: t0.Add(time.Duration(i) * time.Minute)})
		}
		if n, err := db.SaveStoryAssignments(ctx, as); err != nil || n != len(ids)-1 {
			t.Fatalf("save = %d, %v", n, err)
		}
		recent, err := db.Stories(ctx, store.StoryFilter{})
		if err != nil || len(recent) != 3 || recent[0].ID != ids[4] || recent[2].ID != ids[0] {
			t.Fatalf("recent = %+v, %v", recent, err)
		}
		largest, err := db.Stories(ctx, store.StoryFilter{Order: store.StoriesLargest, MinPosts: 2, Limit: 1})
		if err != nil || len(largest) != 1 || largest[0].PostCount != 1196 {
			t.Fatalf("largest = %+v, %v", largest, err)
		}
		if since, _ := db.Stories(ctx, store.StoryFilter{Since: t0.Add(3 * time.Minute)}); len(since) != 1 {
			t.Fatalf("since: %+v", since)
		}
		if _, err := db.Stories(ctx, store.StoryFilter{Order: "bogus"}); err == nil {
			t.Fatal("bad order accepted")
		}
		var seen, unassigned int
		for after := int64(0); ; {
			page, err := db.PostsWithStories(ctx, after, 500)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			for _, r := range page {
				if r.StoryID == 0 {
					unassigned++
				}
				if r.Post.Text == "" || r.Post.ContentHash == "" || r.Post.SourceID != src.ID {
					t.Fatalf("row %+v", r)
				}
			}
			seen += len(page)
			after = page[len(page)-1].Post.ID
		}
		if seen != len(ids) || unassigned != 1 {
			t.Fatalf("paged %d posts, %d unassigned", seen, unassigned)
		}
	})
}
