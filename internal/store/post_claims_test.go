package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

func TestClaimMatches(t *testing.T) {
	c := clock.NewFake(t0)
	storetest.Each(t, c, func(t *testing.T, db *store.DB) {
		c.Set(t0)
		ctx := context.Background()
		src, _ := db.EnsureSource(ctx, "test", "import", "a")
		posts := storePosts(t, db, src.ID, 3, "p")
		out, err := db.UpsertClaims(ctx, "test", sampleClaims())
		if err != nil {
			t.Fatal(err)
		}
		c1, c2 := out[0].ID, out[1].ID
		if _, err := db.SaveStoryAssignments(ctx, []store.StoryAssignment{{PostID: posts[0], StoryID: posts[0], SourceID: src.ID, PublishedAt: t0}}); err != nil {
			t.Fatal(err)
		}
		matches := []store.ClaimMatch{
			{PostID: posts[0], ClaimID: c1, Score: 0.9, Reasons: []string{"shares 5 words"}},
			{PostID: posts[0], ClaimID: c2, Score: 0.6},
			{PostID: posts[2], ClaimID: c1, Score: 0.7, Reasons: []string{"same date"}},
			{PostID: posts[1], ClaimID: 999999, Score: 0.9}, // a claim that is gone: skipped
		}
		if n, err := db.SaveClaimMatches(ctx, matches); err != nil || n != 3 {
			t.Fatalf("save = %d, %v", n, err)
		}
		// Redelivery stores nothing new, and keeps the time of the first match.
		c.Advance(time.Minute)
		if n, err := db.SaveClaimMatches(ctx, matches); err != nil || n != 0 {
			t.Fatalf("save again = %d, %v", n, err)
		}

		byPost, err := db.PostClaims(ctx, posts)
		if err != nil {
			t.Fatal(err)
		}
		first := byPost[posts[0]]
		if len(byPost) != 2 || len(first) != 2 || first[0].ClaimID != c1 || first[0].Claim.ID != c1 || first[1].ClaimID != c2 ||
			first[0].Score != 0.9 || !slices.Equal(first[0].Reasons, []string{"shares 5 words"}) || first[1].Reasons != nil ||
			!first[0].MatchedAt.Equal(t0) || first[0].Claim.Text == "" {
			t.Fatalf("claims of posts: %+v", byPost)
		}

		got, total, err := db.ClaimPosts(ctx, c1, 1, 0)
		if err != nil || total != 2 || len(got) != 1 || got[0].PostID != posts[2] || got[0].Post.ID != posts[2] || got[0].StoryID != 0 {
			t.Fatalf("posts of claim, first page: %+v %d %v", got, total, err)
		}
		got, _, err = db.ClaimPosts(ctx, c1, 1, 1)
		if err != nil || len(got) != 1 || got[0].PostID != posts[0] || got[0].StoryID != posts[0] || got[0].Score != 0.9 || got[0].Post.Text != "p 0" {
			t.Fatalf("posts of claim, second page: %+v %v", got, err)
		}

		// A changed score is written again; a replaced post loses the
		// claims it no longer matches.
		written, deleted, err := db.ReplaceClaimMatches(ctx, []int64{posts[0], posts[2]}, []store.ClaimMatch{{PostID: posts[0], ClaimID: c1, Score: 0.95}})
		if err != nil || written != 1 || deleted != 2 {
			t.Fatalf("replace = %d, %d, %v", written, deleted, err)
		}
		if byPost, _ := db.PostClaims(ctx, posts); len(byPost) != 1 || len(byPost[posts[0]]) != 1 || byPost[posts[0]][0].Score != 0.95 ||
			!byPost[posts[0]][0].MatchedAt.Equal(t0.Add(time.Minute)) {
			t.Fatalf("after replace: %+v", byPost)
		}
		if _, _, err := db.ReplaceClaimMatches(ctx, []int64{posts[1]}, []store.ClaimMatch{{PostID: posts[0], ClaimID: c1}}); err == nil {
			t.Fatal("replace accepted a match of another post")
		}

		// Deleting a post or a claim leaves no row behind.
		if _, err := db.SaveClaimMatches(ctx, []store.ClaimMatch{{PostID: posts[1], ClaimID: c2, Score: 0.5}}); err != nil {
			t.Fatal(err)
		}
		if err := db.TamperForTest(ctx, "DELETE FROM claims WHERE text LIKE 'The dam%'"); err != nil {
			t.Fatal(err)
		}
		if _, total, err := db.ClaimPosts(ctx, c2, 0, 0); err != nil || total != 0 {
			t.Fatalf("rows left after deleting the claim: %d %v", total, err)
		}
		if err := db.TamperForTest(ctx, "DELETE FROM posts"); err != nil {
			t.Fatal(err)
		}
		if _, total, err := db.ClaimPosts(ctx, c1, 0, 0); err != nil || total != 0 {
			t.Fatalf("rows left after deleting the posts: %d %v", total, err)
		}
	})
}
