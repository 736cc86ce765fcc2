package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/i18n"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
)

// StoriesStore is what the Stories list and the story page need from the
// database. *store.DB satisfies it.
type StoriesStore interface {
	// Stories lists stories last seen at or after f.Since; with
	// store.StoriesRecent the most recently seen first.
	Stories(ctx context.Context, f store.StoryFilter) ([]store.Story, error)
	// Story returns one story, or apperr NotFound.
	Story(ctx context.Context, id int64) (store.Story, error)
	// StoryPosts returns up to limit posts of a story, earliest published first.
	StoryPosts(ctx context.Context, storyID int64, limit int) ([]post.Post, error)
	// StoryBuckets returns a story's non-empty 10-minute buckets that start
	// at or after since, in time order.
	StoryBuckets(ctx context.Context, storyID int64, since time.Time) ([]store.StoryBucket, error)
	// StorySources returns a story's post counts per source, largest first.
	StorySources(ctx context.Context, storyID int64) ([]store.StorySource, error)
	// Post returns one post, or apperr NotFound.
	Post(ctx context.Context, id int64) (post.Post, error)
	// Sources lists the sources that are not removed, to name them.
	Sources(ctx context.Context) ([]store.Source, error)
	// Alerts lists alerts, latest event time first.
	Alerts(ctx context.Context, f store.AlertFilter) ([]store.Alert, error)
	// PostClaims returns the stored claim matches of each of the posts
	// that has any, best first.
	PostClaims(ctx context.Context, postIDs []int64) (map[int64][]store.PostClaim, error)
}

// StoriesDeps turn the Stories placeholder into the Stories list
// (/stories) and the story pages (/stories/{id}). Every logged-in user
// reads them.
type StoriesDeps struct {
	Store StoriesStore
	// Claims, when set, matches against the claims library the posts that
	// have no stored claim match (see suggest.Stored); the story page lists
	// the claims its representative post repeats and each post's best.
	Claims ClaimMatcher
}

// storiesUI serves the Stories list and the story pages.
type storiesUI struct {
	h      *Handler
	store  StoriesStore
	claims ClaimMatcher
}

// storiesArea builds the Stories area with its own mux under /stories.
func (h *Handler) storiesArea(d StoriesDeps) (Area, error) {
	if d.Store == nil {
		return Area{}, errors.New("web: StoriesDeps.Store is required")
	}
	ui := &storiesUI{h: h, store: d.Store, claims: d.Claims}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /stories", ui.list)
	mux.HandleFunc("GET /stories/{id}", ui.show)
	mux.HandleFunc("/stories/", h.notFound)
	return Area{Path: "/stories", Key: "nav.stories", Handler: mux}, nil
}

// sourceLister names sources.
type sourceLister interface {
	Sources(ctx context.Context) ([]store.Source, error)
}

// sourceNames maps the id of every live source to its name. Removed
// sources are missing; sourceName names them by id.
func sourceNames(ctx context.Context, st sourceLister) (map[int64]string, error) {
	sources, err := st.Sources(ctx)
	if err != nil {
		return nil, fmt.Errorf("name sources: %w", err)
	}
	names := make(map[int64]string, len(sources))
	for _, s := range sources {
		names[s.ID] = s.Name
	}
	return names, nil
}

// sourceName is the name of source id, or "Source #id" in lang.
func (h *Handler) sourceName(lang string, names map[int64]string, id int64) string {
	if n, ok := names[id]; ok {
		return n
	}
	return h.cat.T(lang, "stories.source_unknown", id)
}

// pathID reads the {id} path value; anything but a positive integer is
// NotFound.
func pathID(r *http.Request, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.Errorf(apperr.NotFound, "no such %s", what)
	}
	return id, nil
}

// truncate shortens s to at most n runes, at the last space when it is in
// the last third, and marks the cut with an ellipsis.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut, count := len(s), 0
	for i := range s {
		if count == n {
			cut = i
			break
		}
		count++
	}
	out := s[:cut]
	for i := len(out) - 1; i >= len(out)*2/3; i-- {
		if out[i] == ' ' {
			out = out[:i]
			break
		}
	}
	return out + "…"
}

// postText is what a page shows of a post: its text, else its title.
func postText(p post.Post) string {
	if p.Text != "" {
		return p.Text
	}
	return p.Title
}

// formatFixed writes f with the given decimals, trailing zeros dropped, and
// a decimal comma in Vietnamese.
func formatFixed(lang string, f float64, decimals int) string {
	s := strconv.FormatFloat(f, 'f', decimals, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	}
	if lang == i18n.Vietnamese {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
