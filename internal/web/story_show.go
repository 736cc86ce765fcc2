package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/claim/suggest"
	"github.com/factdesk/factdesk/internal/i18n"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
)

// Limits of the story page.
const (
	storyPostsShown = 100
	// storyPostsRead bounds the posts read to find the newest: the store
	// lists a story's posts earliest first.
	storyPostsRead  = 2000
	storyAlertsRead = 50
	storyTitleRunes = 140
)

// storyPage is the data of a story's page.
type storyPage struct {
	ID         int64
	Title      string // the representative post, shortened
	Text       string // the representative post in full
	Posts      int
	Sources    int
	FirstSeen  moment
	LastSeen   moment
	Terms      []store.TermCount
	Timeline   timeline
	PostRows   []storyPostRow
	PostsShown int
	PostsRead  int // posts the page could read, newest shown first
	SourceRows []storySourceRow
	Alerts     []alertRow
	OpenAlerts int
	// Claims are the checked claims the representative post repeats, at
	// or above the suggestion threshold: stored, else matched on view.
	Claims []claimSuggestion
}

// ClaimMatcher finds the checked claims a text repeats. *match.Index
// satisfies it.
type ClaimMatcher = suggest.Matcher

// claimSuggestion is a checked claim that a story repeats.
type claimSuggestion struct {
	ID         int64
	Text       string
	Verdict    string
	VerdictKey string
	Alarming   bool // rated false or misleading
	Score      string
	ReviewURL  string
	Publisher  string
	Reasons    []string
}

// storyClaimsShown is how many matched claims the story page lists.
const storyClaimsShown = 5

// storyPostRow is one post of the story with its public provenance.
type storyPostRow struct {
	ID         int64
	Title      string
	Text       string
	URL        string
	Handle     string
	SourceID   int64
	SourceName string
	Lang       string
	Published  moment
	Claim      *claimSuggestion // the checked claim the post may repeat
}

// storySourceRow is a source of the story with its number of posts.
type storySourceRow struct {
	ID    int64
	Name  string
	Posts int
	Live  bool // a live source, which has a page
}

// show handles GET /stories/{id}: the story's timeline, posts, sources,
// top terms and alerts.
func (ui *storiesUI) show(w http.ResponseWriter, r *http.Request) {
	ctx, lang := r.Context(), ui.h.locale(r)
	id, err := pathID(r, "story")
	if err != nil {
		ui.h.render(w, r, http.StatusNotFound, "story_missing", "story.missing_title", nil)
		return
	}
	s, err := ui.store.Story(ctx, id)
	if apperr.CodeOf(err) == apperr.NotFound {
		ui.h.render(w, r, http.StatusNotFound, "story_missing", "story.missing_title", nil)
		return
	}
	if err != nil {
		ui.h.fail(w, r, fmt.Errorf("story %d: %w", id, err))
		return
	}
	p, err := ui.page(ctx, lang, s)
	if err != nil {
		ui.h.fail(w, r, fmt.Errorf("story %d: %w", id, err))
		return
	}
	ui.h.render(w, r, http.StatusOK, "story", "story.title", p)
}

// page gathers what the story page shows.
func (ui *storiesUI) page(ctx context.Context, lang string, s store.Story) (storyPage, error) {
	p := storyPage{ID: s.ID, Posts: s.PostCount, Sources: s.SourceCount, Terms: s.TopTerms,
		FirstSeen: ui.h.ago(lang, s.FirstSeen), LastSeen: ui.h.ago(lang, s.LastSeen)}
	names, err := sourceNames(ctx, ui.store)
	if err != nil {
		return p, err
	}
	rep, err := ui.addPosts(ctx, lang, s, names, &p)
	if err != nil {
		return p, err
	}
	if err := ui.addClaims(ctx, rep, &p); err != nil {
		return p, err
	}
	buckets, err := ui.store.StoryBuckets(ctx, s.ID, s.FirstSeen)
	if err != nil {
		return p, err
	}
	p.Timeline = ui.h.timeline(lang, s, buckets)
	counts, err := ui.store.StorySources(ctx, s.ID)
	if err != nil {
		return p, err
	}
	for _, c := range counts {
		_, live := names[c.SourceID]
		p.SourceRows = append(p.SourceRows, storySourceRow{ID: c.SourceID, Name: ui.h.sourceName(lang, names, c.SourceID), Posts: c.Posts, Live: live})
	}
	alerts, err := ui.store.Alerts(ctx, store.AlertFilter{StoryID: s.ID, Limit: storyAlertsRead})
	if err != nil {
		return p, err
	}
	for _, a := range alerts {
		p.Alerts = append(p.Alerts, ui.h.alertRow(lang, a))
		if a.Status == store.AlertOpen {
			p.OpenAlerts++
		}
	}
	return p, nil
}

// addClaims lists the claims the story's representative post repeats,
// scoring at least the suggestion threshold: the matches the pipeline
// stored, else (in a process with a claims index) matched on view.
func (ui *storiesUI) addClaims(ctx context.Context, rep post.Post, p *storyPage) error {
	all, err := suggest.Stored{Store: ui.store, Matcher: ui.claims}.All(ctx, rep, storyClaimsShown)
	if err != nil {
		return err
	}
	for _, s := range all {
		p.Claims = append(p.Claims, newClaimSuggestion(s))
	}
	return nil
}

// newClaimSuggestion is how a page shows a suggested claim.
func newClaimSuggestion(s suggest.Suggestion) claimSuggestion {
	c := s.Claim
	return claimSuggestion{
		ID: c.ID, Text: c.Text, Verdict: string(c.Verdict), VerdictKey: verdictKey(c.Verdict), Alarming: c.Verdict.Alarming(),
		Score: strconv.FormatFloat(s.Score, 'f', 2, 64), ReviewURL: c.ReviewURL, Publisher: c.Publisher, Reasons: s.Reasons,
	}
}

// postClaims suggests a claim for each post shown (see suggest.Stored):
// nil for a post without one.
func postClaims(ctx context.Context, st suggest.Store, m ClaimMatcher, posts []post.Post) ([]*claimSuggestion, error) {
	best, err := suggest.Stored{Store: st, Matcher: m}.Best(ctx, posts)
	if err != nil {
		return nil, err
	}
	out := make([]*claimSuggestion, len(posts))
	for i, s := range best {
		if s != nil {
			cs := newClaimSuggestion(*s)
			out[i] = &cs
		}
	}
	return out, nil
}

// addPosts fills the representative text and the posts, newest first, and
// returns the representative post.
func (ui *storiesUI) addPosts(ctx context.Context, lang string, s store.Story, names map[int64]string, p *storyPage) (post.Post, error) {
	posts, err := ui.store.StoryPosts(ctx, s.ID, min(max(s.PostCount, 1), storyPostsRead))
	if err != nil {
		return post.Post{}, err
	}
	rep, found := post.Post{}, false
	for _, q := range posts {
		if q.ID == s.RepresentativePostID {
			rep, found = q, true
			break
		}
	}
	if !found {
		rep, err = ui.store.Post(ctx, s.RepresentativePostID)
		if err != nil && apperr.CodeOf(err) != apperr.NotFound {
			return rep, fmt.Errorf("representative post: %w", err)
		}
	}
	p.Text = postText(rep)
	p.Title = truncate(p.Text, storyTitleRunes)
	slices.Reverse(posts)
	p.PostsRead = len(posts)
	shown := posts[:min(len(posts), storyPostsShown)]
	claims, err := postClaims(ctx, ui.store, ui.claims, shown)
	if err != nil {
		return rep, err
	}
	for i, q := range shown {
		row := storyPostRow{
			ID: q.ID, Title: q.Title, Text: q.Text, URL: q.URL, Handle: q.AuthorHandle, Lang: htmlLang(q.Lang),
			SourceID: q.SourceID, SourceName: ui.h.sourceName(lang, names, q.SourceID), Published: ui.h.ago(lang, q.PublishedAt),
		}
		if claims != nil {
			row.Claim = claims[i]
		}
		p.PostRows = append(p.PostRows, row)
	}
	p.PostsShown = len(p.PostRows)
	return rep, nil
}

// htmlLang is a post's language for a lang attribute: the languages the UI
// knows, else "" (the page's language applies).
func htmlLang(lang string) string {
	if lang == i18n.Vietnamese || lang == i18n.English {
		return lang
	}
	return ""
}
