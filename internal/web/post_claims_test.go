package web

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/claim/match"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/search"
)

// Posts of the suggestion tests: one repeats the false claim, one names
// the vaccine without the claim, one repeats an English claim.
const (
	rumourVI    = "Cảnh báo: tiêm vắc xin COVID gây vô sinh ở phụ nữ, chia sẻ ngay!"
	unrelatedVI = "Phường tổ chức tiêm vắc xin sởi cho trẻ em vào sáng thứ bảy tại trạm y tế."
	rumourEN    = "Doctors won't tell you: hot water with lemon cures cancer"
)

// claimsLibrary is the in-memory index the pipeline would build.
func claimsLibrary() *match.Index {
	ix := match.New(match.Config{})
	ix.Upsert(claim.Claim{ID: 7, Text: "Tiêm vắc xin COVID-19 gây vô sinh ở phụ nữ.", Title: "Vắc xin COVID-19 có gây vô sinh?",
		Verdict: claim.False, Lang: "vi", ReviewURL: "https://factcheck.example/vac-xin-vo-sinh", Publisher: "Kiểm chứng VN"})
	ix.Upsert(claim.Claim{ID: 8, Text: "Drinking hot water with lemon cures cancer.", Verdict: claim.Misleading, Lang: "en"})
	return ix
}

// newSuggestEnv is a handler whose Search page runs the real search
// service over a real SQLite store, and whose Search and story pages
// match posts against ix.
func newSuggestEnv(t *testing.T, ix ClaimMatcher) *storiesEnv {
	t.Helper()
	e := newEnv(t, func(d *Deps) {
		db := d.Store.(*hookStore).DB
		svc := search.New(db, search.Options{})
		d.Search = &SearchDeps{Store: db, Claims: ix, Searcher: SearcherFunc(func(ctx context.Context, q string, f SearchFilter) ([]SearchHit, error) {
			hits, err := svc.Text(ctx, q, search.Filter{Since: f.Since, SourceID: f.SourceID, Lang: f.Lang, Limit: f.Limit, Offset: f.Offset})
			out := make([]SearchHit, len(hits))
			for i, h := range hits {
				out[i] = SearchHit{PostID: h.ID, Title: h.Title, Text: h.Text, SourceID: h.SourceID, PublishedAt: h.PublishedAt, Lang: h.Lang, SnippetHTML: h.Snippet}
			}
			return out, err
		})}
		d.Stories = &StoriesDeps{Store: db, Claims: ix}
	})
	createUser(t, e.store.DB, "lan@example.vn", "Lan", "", nil)
	se := &storiesEnv{testEnv: e, c: e.client(), now: e.clock.Now(), sources: map[string]int64{}}
	e.mustLogin(se.c, "lan@example.vn")
	return se
}

// posts stores one post per text (Vietnamese unless it says "lemon") and
// returns their ids.
func (e *storiesEnv) posts(texts ...string) []int64 {
	e.t.Helper()
	ps := make([]post.Post, len(texts))
	for i, s := range texts {
		e.seq++
		lang := "vi"
		if strings.Contains(s, "lemon") {
			lang = "en"
		}
		ps[i] = post.Post{SourceID: e.source("Nhóm A"), ExternalID: fmt.Sprintf("s%d", e.seq), ContentHash: fmt.Sprintf("s%d", e.seq),
			Text: s, Lang: lang, PublishedAt: e.now.Add(-time.Duration(e.seq) * time.Minute), FetchedAt: e.now}
	}
	res, err := e.store.UpsertPosts(context.Background(), ps)
	if err != nil {
		e.t.Fatal(err)
	}
	ids := make([]int64, len(res))
	for i, r := range res {
		ids[i] = r.ID
	}
	return ids
}

// hitFor is the search hit of post id.
func hitFor(t *testing.T, main *html.Node, id int64) *html.Node {
	t.Helper()
	hits := byAttr(main, "li", "data-post-id", strconv.FormatInt(id, 10))
	if len(hits) != 1 {
		t.Fatalf("post %d: %d hits; page: %s", id, len(hits), text(main))
	}
	return hits[0]
}

// checkSuggestion checks that n shows claim id with its verdict word, a
// link to the claim, a score at least the threshold and the reasons.
func checkSuggestion(t *testing.T, n *html.Node, id, verdict string) {
	t.Helper()
	sugg := elemsByClass(n, "post-claim")
	if len(sugg) != 1 || attr(sugg[0], "data-claim-id") != id {
		t.Fatalf("suggestions %v, want one of claim %s: %s", rowIDs(n, "div", "data-claim-id"), id, text(n))
	}
	s := sugg[0]
	if got := text(elemsByClass(s, "verdict")[0]); got != verdict {
		t.Errorf("verdict %q, want %q", got, verdict)
	}
	if len(byAttr(s, "a", "href", "/claims/"+id)) != 1 {
		t.Errorf("no link to /claims/%s", id)
	}
	score := text(elemsByClass(s, "claim-score")[0])
	f, err := strconv.ParseFloat(score[strings.LastIndex(score, " ")+1:], 64)
	if err != nil || f < match.DefaultSuggestThreshold || f > 1 {
		t.Errorf("score %q, want at least the suggestion threshold", score)
	}
	if len(byTag(s, "li")) == 0 {
		t.Error("no reasons")
	}
}

func TestSearchHitShowsSuggestedClaim(t *testing.T) {
	ix := claimsLibrary()
	e := newSuggestEnv(t, ix)
	ids := e.posts(rumourVI, unrelatedVI, rumourEN)

	for _, lang := range []string{"vi", "en"} {
		main := mainOf(e.get("/search?"+url.Values{"q": {"vắc xin"}}.Encode(), lang, 200))
		rumour := hitFor(t, main, ids[0])
		checkSuggestion(t, rumour, "7", map[string]string{"vi": "Sai", "en": "False"}[lang])
		label := map[string]string{"vi": "Có thể lặp lại thông tin đã kiểm chứng", "en": "May repeat a checked claim"}[lang]
		if !strings.Contains(text(rumour), label) {
			t.Errorf("%s: label %q missing: %s", lang, label, text(rumour))
		}
		if s := elemsByClass(hitFor(t, main, ids[1]), "post-claim"); len(s) != 0 {
			t.Errorf("%s: a post that only names the vaccine shows claim %s", lang, attr(s[0], "data-claim-id"))
		}
	}
	main := mainOf(e.get("/search?q=lemon", "en", 200))
	checkSuggestion(t, hitFor(t, main, ids[2]), "8", "Misleading")
}

func TestSearchHitBelowThresholdShowsNoClaim(t *testing.T) {
	ix := claimsLibrary()
	// The post does reach the matcher, with a score under the threshold:
	// the page must not show it.
	rs := ix.Match(unrelatedVI, match.Options{K: 1, Lang: "vi"})
	if len(rs) == 0 || rs[0].Score >= ix.Config().SuggestThreshold {
		t.Fatalf("the below-threshold post is not below the threshold: %+v", rs)
	}
	e := newSuggestEnv(t, ix)
	ids := e.posts(unrelatedVI)
	main := mainOf(e.get("/search?q=tr%E1%BA%BB+em", "vi", 200))
	if s := elemsByClass(hitFor(t, main, ids[0]), "post-claim"); len(s) != 0 {
		t.Errorf("claim %s shown on a post scoring %.2f", attr(s[0], "data-claim-id"), rs[0].Score)
	}
}

func TestSearchWithoutMatcherShowsNoClaims(t *testing.T) {
	e := newSuggestEnv(t, nil)
	ids := e.posts(rumourVI)
	main := mainOf(e.get("/search?q=v%C3%B4+sinh", "en", 200))
	if s := elemsByClass(hitFor(t, main, ids[0]), "post-claim"); len(s) != 0 {
		t.Error("a claim shown without a matcher")
	}
}

func TestStoryPostsShowSuggestedClaim(t *testing.T) {
	e := newSuggestEnv(t, claimsLibrary())
	id, posts := e.story(storySpec{Text: rumourVI, Sources: []string{"Nhóm A"}, Ago: minutes(2, 1, 4)})
	other, _ := e.story(storySpec{Text: unrelatedVI, Sources: []string{"Báo B"}, Ago: minutes(1, 2, 2)})
	for _, lang := range []string{"vi", "en"} {
		main := mainOf(e.get("/stories/"+strconv.FormatInt(id, 10), lang, 200))
		for _, p := range posts {
			row := byAttr(main, "li", "data-post-id", strconv.FormatInt(p, 10))
			if len(row) != 1 {
				t.Fatalf("%s: post %d not listed", lang, p)
			}
			checkSuggestion(t, row[0], "7", map[string]string{"vi": "Sai", "en": "False"}[lang])
		}
	}
	main := mainOf(e.get("/stories/"+strconv.FormatInt(other, 10), "en", 200))
	if s := elemsByClass(main, "post-claim"); len(s) != 0 {
		t.Errorf("an unrelated story's posts show claim %s", attr(s[0], "data-claim-id"))
	}
}
