package api

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/search"
)

type fakeSearcher struct{ got search.Filter }

func (f *fakeSearcher) Text(_ context.Context, q string, flt search.Filter) ([]search.Hit, error) {
	f.got = flt
	if strings.TrimSpace(q) == "-x" {
		return nil, apperr.Errorf(apperr.Invalid, "a query needs at least one word to find")
	}
	return []search.Hit{{ID: 7, Score: 1.5, Text: "Đà Nẵng mưa lớn", Snippet: "<mark>Đà</mark> <mark>Nẵng</mark> mưa lớn"}}, nil
}

func TestSearchEndpoint(t *testing.T) {
	if _, err := New(Deps{}); err == nil {
		t.Fatal("New without a store must fail")
	}
	fs := &fakeSearcher{}
	h := searchHandlerForTest(t, fs)
	for _, tc := range []struct {
		url    string
		status int
		want   string
	}{
		{"/api/v1/search?q=da+nang&since=24h&lang=vi&source=3", 200, `\u003cmark\u003eĐà\u003c/mark\u003e`},
		{"/api/v1/search", 400, `"q"`},
		{"/api/v1/search?q=x&since=yesterday", 400, `"since"`},
		{"/api/v1/search?q=x&limit=-1", 400, `"limit"`},
		{"/api/v1/search?q=-x", 400, "at least one word"},
	} {
		status, body := h(http.MethodGet, tc.url)
		if status != tc.status || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %s", tc.url, status, body)
		}
		if strings.Contains(tc.url, "source=3") && (fs.got.Lang != "vi" || fs.got.SourceID != 3 || fs.got.Since.IsZero()) {
			t.Errorf("filter not passed on: %+v", fs.got)
		}
	}
}

// searchHandlerForTest returns a caller of the API with s as its searcher,
// authenticated as a viewer.
func searchHandlerForTest(t *testing.T, s Searcher) func(method, url string) (int, string) {
	e := newEnv(t, func(d *Deps) { d.Searcher = s })
	tok := e.token("viewer@example.org", "viewer", e.unit("Newsroom", 0))
	return func(method, url string) (int, string) {
		resp, body := e.call(method, url, tok, "", "")
		return resp.StatusCode, string(body)
	}
}
