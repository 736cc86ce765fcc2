package app

import (
	"context"

	"github.com/factdesk/factdesk/internal/search"
	"github.com/factdesk/factdesk/internal/web"
)

// webSearcher adapts the search service to the Search page.
func webSearcher(svc *search.Service) web.Searcher {
	return web.SearcherFunc(func(ctx context.Context, q string, f web.SearchFilter) ([]web.SearchHit, error) {
		hits, err := svc.Text(ctx, q, search.Filter{Since: f.Since, SourceID: f.SourceID, Lang: f.Lang, Limit: f.Limit, Offset: f.Offset})
		if err != nil {
			return nil, err // Invalid errors reach the page as a friendly message
		}
		out := make([]web.SearchHit, len(hits))
		for i, h := range hits {
			out[i] = web.SearchHit{PostID: h.ID, Score: h.Score, Title: h.Title, Text: h.Text, URL: h.URL,
				SourceID: h.SourceID, PublishedAt: h.PublishedAt, Lang: h.Lang, SnippetHTML: h.Snippet}
		}
		return out, nil
	})
}
