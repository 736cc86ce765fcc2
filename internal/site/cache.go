package site

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"time"
)

// response is a rendered public response, kept in the cache.
type response struct {
	status  int
	ctype   string
	body    []byte
	etag    string
	lastMod time.Time
}

func newResponse(status int, ctype string, body []byte, lastMod time.Time) *response {
	sum := sha256.Sum256(body)
	return &response{status: status, ctype: ctype, body: body, etag: `"` + hex.EncodeToString(sum[:12]) + `"`, lastMod: lastMod.UTC().Truncate(time.Second)}
}

// maxCached bounds the cache; past it the cache starts again empty.
const maxCached = 20000

// checkEvery is how often the cache asks the store whether another
// process changed the public publications.
const checkEvery = 5 * time.Second

// cache holds rendered responses by request key until a publication
// changes: Invalidate is called on publish, update and retract in this
// process, and a cheap query every few seconds notices changes made by
// others.
type cache struct {
	mu      sync.RWMutex
	entries map[string]*entry
	stamp   changeStamp
	checked time.Time
}

// entry is a cached response and the publication page it shows ("" for
// lists, feeds and the sitemap, which every change touches).
type entry struct {
	resp *response
	slug string
}

// changeStamp identifies the state of the public publications.
type changeStamp struct {
	last time.Time
	n    int
}

func newCache() *cache { return &cache{entries: map[string]*entry{}} }

func (c *cache) get(key string) *response {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if e := c.entries[key]; e != nil {
		return e.resp
	}
	return nil
}

func (c *cache) put(key, slug string, r *response) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= maxCached {
		c.entries = map[string]*entry{}
	}
	c.entries[key] = &entry{resp: r, slug: slug}
}

// Invalidate drops what a change of the publication with slug touches:
// its own pages and every list, feed and sitemap. Other publications'
// pages stay.
func (c *cache) Invalidate(slug string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.entries {
		if e.slug == "" || e.slug == slug {
			delete(c.entries, k)
		}
	}
}

// refresh drops the cache when the store's change stamp moved since the
// last check (at most once per checkEvery).
func (c *cache) refresh(ctx context.Context, now time.Time, stamp func(context.Context) (changeStamp, error)) {
	c.mu.RLock()
	due := now.Sub(c.checked) >= checkEvery
	c.mu.RUnlock()
	if !due {
		return
	}
	s, err := stamp(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.checked = now
	if err == nil && s != c.stamp {
		c.stamp = s
		c.entries = map[string]*entry{}
	}
}

// write answers r, or 304 Not Modified when the request's validators match.
func (resp *response) write(w http.ResponseWriter, req *http.Request) {
	h := w.Header()
	h.Set("ETag", resp.etag)
	if !resp.lastMod.IsZero() {
		h.Set("Last-Modified", resp.lastMod.Format(http.TimeFormat))
	}
	if resp.status == http.StatusOK && notModified(req, resp) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", resp.ctype)
	w.WriteHeader(resp.status)
	if req.Method != http.MethodHead {
		_, _ = w.Write(resp.body)
	}
}

func notModified(req *http.Request, resp *response) bool {
	if inm := req.Header.Get("If-None-Match"); inm != "" {
		return etagMatch(inm, resp.etag)
	}
	if ims := req.Header.Get("If-Modified-Since"); ims != "" && !resp.lastMod.IsZero() {
		t, err := http.ParseTime(ims)
		return err == nil && !resp.lastMod.After(t)
	}
	return false
}

// etagMatch reports whether an If-None-Match list names tag (weak
// comparison, as RFC 9110 asks for GET).
func etagMatch(list, tag string) bool {
	for _, part := range strings.Split(list, ",") {
		part = strings.TrimSpace(part)
		if part == "*" || trimWeak(part) == trimWeak(tag) {
			return true
		}
	}
	return false
}

func trimWeak(s string) string {
	return strings.TrimPrefix(s, "W/")
}
