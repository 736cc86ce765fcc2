package mastodon

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"testing"
)

// instance is a fake Mastodon server over fixture statuses. It pages like
// Mastodon: max_id gives older statuses, min_id the ones just after it,
// newest first, with Link next/prev headers.
type instance struct {
	t         *testing.T
	srv       *httptest.Server
	timelines map[string][]json.RawMessage // path -> statuses, newest first
	needToken bool
	token     string
	evilPrev  bool // send a Link prev to another host

	mu       sync.Mutex
	requests []*http.Request
}

func newInstance(t *testing.T) *instance {
	t.Helper()
	in := &instance{t: t, timelines: map[string][]json.RawMessage{}}
	in.srv = httptest.NewServer(http.HandlerFunc(in.serve))
	t.Cleanup(in.srv.Close)
	return in
}

func (in *instance) load(path, file string) {
	in.t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		in.t.Fatal(err)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(b, &items); err != nil {
		in.t.Fatal(err)
	}
	sort.Slice(items, func(i, j int) bool {
		return newerID(idOf(items[i]), idOf(items[j])) == idOf(items[i]) && idOf(items[i]) != idOf(items[j])
	})
	in.timelines[path] = items
}

func idOf(raw json.RawMessage) string {
	var s struct{ ID string }
	json.Unmarshal(raw, &s)
	return s.ID
}

func (in *instance) serve(w http.ResponseWriter, r *http.Request) {
	in.mu.Lock()
	in.requests = append(in.requests, r)
	in.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if in.needToken && r.Header.Get("Authorization") != "Bearer "+in.token {
		w.WriteHeader(http.StatusUnprocessableEntity)
		fmt.Fprint(w, `{"error":"This method requires an authenticated user"}`)
		return
	}
	if r.URL.Path == "/api/v1/accounts/lookup" {
		if r.URL.Query().Get("acct") != "schochastics" {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"error":"Record not found"}`)
			return
		}
		b, _ := os.ReadFile("testdata/account.json")
		w.Write(b)
		return
	}
	items, ok := in.timelines[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	limit, _ := strconv.Atoi(q.Get("limit"))
	if limit <= 0 || limit > 40 {
		limit = 20
	}
	var page []json.RawMessage
	switch {
	case q.Get("min_id") != "":
		var newer []json.RawMessage
		for _, it := range items {
			if id := idOf(it); id != q.Get("min_id") && newerID(id, q.Get("min_id")) == id {
				newer = append(newer, it)
			}
		}
		if len(newer) > limit {
			newer = newer[len(newer)-limit:] // the ones just after min_id
		}
		page = newer
	case q.Get("max_id") != "":
		for _, it := range items {
			if id := idOf(it); id != q.Get("max_id") && newerID(id, q.Get("max_id")) == q.Get("max_id") && len(page) < limit {
				page = append(page, it)
			}
		}
	default:
		page = items[:min(limit, len(items))]
	}
	if len(page) > 0 {
		base := "http://" + r.Host + r.URL.Path + "?limit=" + strconv.Itoa(limit)
		prevHost := base
		if in.evilPrev {
			prevHost = "http://evil.invalid" + r.URL.Path + "?limit=" + strconv.Itoa(limit)
		}
		w.Header().Set("Link", fmt.Sprintf(`<%s&max_id=%s>; rel="next", <%s&min_id=%s>; rel="prev"`,
			base, idOf(page[len(page)-1]), prevHost, idOf(page[0])))
	}
	json.NewEncoder(w).Encode(page)
}

func (in *instance) paths() []string {
	in.mu.Lock()
	defer in.mu.Unlock()
	var out []string
	for _, r := range in.requests {
		out = append(out, r.URL.RequestURI())
	}
	return out
}
