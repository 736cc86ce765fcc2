package web

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
)

// storeRepeats stores n posts of source "Nhóm Zalo A", published a minute
// apart (the first latest), each matching claim at score, the first in a
// story of its own, and returns their ids.
func (e *claimsEnv) storeRepeats(claimID int64, n int, score float64) []int64 {
	e.t.Helper()
	ctx := context.Background()
	src, err := e.store.EnsureSource(ctx, "test", "import", "Nhóm Zalo A")
	if err != nil {
		e.t.Fatal(err)
	}
	now := e.clock.Now()
	ps := make([]post.Post, n)
	for i := range ps {
		s := fmt.Sprintf("Uống nước chanh nóng chữa khỏi ung thư, chia sẻ ngay (%d)", i)
		ps[i] = post.Post{SourceID: src.ID, ExternalID: strconv.Itoa(i), ContentHash: s, Text: s, Lang: "vi", URL: fmt.Sprintf("https://social.example/p/%d", i),
			PublishedAt: now.Add(-time.Duration(i+1) * time.Minute), FetchedAt: now}
	}
	res, err := e.store.UpsertPosts(ctx, ps)
	if err != nil {
		e.t.Fatal(err)
	}
	ids := make([]int64, n)
	var ms []store.ClaimMatch
	for i, r := range res {
		ids[i] = r.ID
		ms = append(ms, store.ClaimMatch{PostID: r.ID, ClaimID: claimID, Score: score, Reasons: []string{"shares 6 of the claim's words"}})
	}
	if _, err := e.store.SaveStoryAssignments(ctx, []store.StoryAssignment{{PostID: ids[0], StoryID: ids[0], SourceID: src.ID, PublishedAt: ps[0].PublishedAt}}); err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.store.SaveClaimMatches(ctx, ms); err != nil {
		e.t.Fatal(err)
	}
	return ids
}

func TestClaimPageListsPostsRepeatingIt(t *testing.T) {
	e := newClaimsEnv(t)
	ids := e.storeRepeats(e.ids[0], 2, 0.91)
	for _, c := range []struct {
		lang, heading, count string
	}{
		{lang: "en", heading: "Posts repeating this claim", count: "2 stored posts repeat this claim"},
		{lang: "vi", heading: "Bài đăng lặp lại thông tin này", count: "2 bài đăng đã lưu"},
	} {
		cl := e.viewer
		if c.lang == "vi" {
			cl = e.editor
		}
		sec := elemByID(e.get(cl, "/claims/"+strconv.FormatInt(e.ids[0], 10), 200), "posts")
		if sec == nil {
			t.Fatalf("%s: no posts section", c.lang)
		}
		if !strings.Contains(text(sec), c.heading) || !strings.Contains(text(sec), c.count) {
			t.Errorf("%s: section reads %q", c.lang, text(sec))
		}
		if got := rowIDs(sec, "li", "data-post-id"); strings.Join(got, ",") != fmt.Sprintf("%d,%d", ids[0], ids[1]) {
			t.Fatalf("%s: posts %v, want %v latest first", c.lang, got, ids)
		}
		first := byAttr(sec, "li", "data-post-id", strconv.FormatInt(ids[0], 10))[0]
		if s := text(elemsByClass(first, "claim-score")[0]); !strings.HasSuffix(s, "0.91") {
			t.Errorf("%s: score %q", c.lang, s)
		}
		if s := text(elemsByClass(first, "post-source")[0]); s != "Nhóm Zalo A" {
			t.Errorf("%s: source %q", c.lang, s)
		}
		if tm := byTag(first, "time"); len(tm) != 1 || attr(tm[0], "datetime") == "" {
			t.Errorf("%s: no publication time", c.lang)
		}
		want := fmt.Sprintf("/stories/%d#post-%d", ids[0], ids[0])
		if a := elemsByClass(first, "post-story"); len(a) != 1 || attr(a[0], "href") != want {
			t.Errorf("%s: no link to the story %s", c.lang, want)
		}
		second := byAttr(sec, "li", "data-post-id", strconv.FormatInt(ids[1], 10))[0]
		if len(elemsByClass(second, "post-story")) != 0 {
			t.Errorf("%s: a post without a story links to one", c.lang)
		}
	}

	// A claim no stored post repeats says so and how to match older posts.
	sec := elemByID(e.get(e.viewer, "/claims/"+strconv.FormatInt(e.ids[1], 10), 200), "posts")
	if sec == nil || len(rowIDs(sec, "li", "data-post-id")) != 0 || !strings.Contains(text(sec), "factdesk claims rematch") {
		t.Errorf("claim without posts: %q", text(sec))
	}
}

func TestClaimPagePagesItsPosts(t *testing.T) {
	e := newClaimsEnv(t)
	ids := e.storeRepeats(e.ids[2], claimPostsPageSize+1, 0.6)
	path := "/claims/" + strconv.FormatInt(e.ids[2], 10)
	sec := elemByID(e.get(e.viewer, path, 200), "posts")
	next := byAttr(sec, "a", "rel", "next")
	if n := len(rowIDs(sec, "li", "data-post-id")); n != claimPostsPageSize || len(next) != 1 || len(byAttr(sec, "a", "rel", "prev")) != 0 {
		t.Fatalf("first page: %d posts, next %d", n, len(next))
	}
	if !strings.Contains(text(sec), strconv.Itoa(claimPostsPageSize+1)+" stored posts") {
		t.Errorf("count missing: %q", text(sec))
	}
	u, err := url.Parse(attr(next[0], "href"))
	if err != nil {
		t.Fatal(err)
	}
	sec = elemByID(e.get(e.viewer, u.RequestURI(), 200), "posts")
	if got := rowIDs(sec, "li", "data-post-id"); len(got) != 1 || got[0] != strconv.FormatInt(ids[len(ids)-1], 10) || len(byAttr(sec, "a", "rel", "prev")) != 1 {
		t.Errorf("second page: %v", got)
	}
}

// TestStoredSuggestionsWithoutMatcher is a scale-out serve: no claims
// index in the process, the matches stored by a worker's claims stage.
func TestStoredSuggestionsWithoutMatcher(t *testing.T) {
	e := newSuggestEnv(t, nil)
	ctx := context.Background()
	out, err := e.store.UpsertClaims(ctx, "test", []claim.Claim{{Text: "Tiêm vắc xin COVID-19 gây vô sinh ở phụ nữ.", Verdict: claim.False, Lang: "vi"}})
	if err != nil {
		t.Fatal(err)
	}
	cid := out[0].ID
	story, posts := e.story(storySpec{Text: rumourVI, Sources: []string{"Nhóm A"}, Ago: minutes(2, 1, 5)})
	var ms []store.ClaimMatch
	for _, p := range posts {
		ms = append(ms, store.ClaimMatch{PostID: p, ClaimID: cid, Score: 0.87, Reasons: []string{"shares 7 of the claim's words"}})
	}
	if _, err := e.store.SaveClaimMatches(ctx, ms); err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(cid, 10)

	main := mainOf(e.get("/search?"+url.Values{"q": {"vô sinh"}}.Encode(), "en", 200))
	checkSuggestion(t, hitFor(t, main, posts[0]), id, "False")

	main = mainOf(e.get("/stories/"+strconv.FormatInt(story, 10), "vi", 200))
	row := byAttr(main, "li", "data-post-id", strconv.FormatInt(posts[1], 10))
	if len(row) != 1 {
		t.Fatal("story post not listed")
	}
	checkSuggestion(t, row[0], id, "Sai")
	sec := elemByID(main, "claims")
	if sec == nil || len(byAttr(sec, "li", "data-claim-id", id)) != 1 {
		t.Errorf("story's claims block does not list the stored claim")
	}
}
