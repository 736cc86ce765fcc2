package bench

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
)

// LoadOptions configure [Load]. Zero fields take the defaults.
type LoadOptions struct {
	URL   string // the site, e.g. http://127.0.0.1:8080
	Token string // API token (factdesk token create) for intake and search
	// Email and Password log the readers in to the web UI for the story
	// pages; without them the story route is left out.
	Email, Password string
	Duration        time.Duration // default 10 minutes
	Pushers         int           // concurrent intake pushers (default 4)
	Readers         int           // concurrent readers (default 4)
	Batch           int           // posts per intake request (default 100)
	Source          string        // push source name (default "bench-load")
	Clock           clock.Clock
	Client          *http.Client
	// Progress, if set, gets a line every Every (default 30 s).
	Progress io.Writer
	Every    time.Duration
}

// RouteStats are the figures of one route.
type RouteStats struct {
	Route    string  `json:"route"`
	Requests int     `json:"requests"`
	Errors   int     `json:"errors"`
	PerSec   float64 `json:"per_sec"`
	P50ms    float64 `json:"p50_ms"`
	P99ms    float64 `json:"p99_ms"`
	Maxms    float64 `json:"max_ms"`
}

// LoadReport is what [Load] measured.
type LoadReport struct {
	URL         string       `json:"url"`
	Seconds     float64      `json:"seconds"`
	Pushers     int          `json:"pushers"`
	Readers     int          `json:"readers"`
	Batch       int          `json:"batch"`
	Posts       int64        `json:"posts"` // posts the intake answered as stored (imported or updated)
	PostsPerSec float64      `json:"posts_per_sec"`
	Routes      []RouteStats `json:"routes"`
	Errors      []string     `json:"errors,omitempty"` // the first few, for diagnosis
}

// Route names in the report.
const (
	RouteIntake  = "POST /api/v1/intake"
	RouteSearch  = "GET /api/v1/search"
	RouteStory   = "GET /stories/{id}"
	RouteHealthz = "GET /healthz"
)

// Load drives a running factdesk: pushers send generated posts to the
// intake API while readers search, open story pages and ask /healthz, for
// the duration. It returns the sustained intake rate and the latency of
// each route. Requests that fail are counted, not retried.
func Load(ctx context.Context, opt LoadOptions) (LoadReport, error) {
	opt = opt.withDefaults()
	if opt.URL == "" || opt.Token == "" {
		return LoadReport{}, errors.New("bench load: need the site URL and an API token")
	}
	l := &loader{opt: opt, lat: map[string][]time.Duration{}, errs: map[string]int{}, run: newRunID()}
	ui, err := l.login(ctx)
	if err != nil {
		return LoadReport{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, opt.Duration)
	defer cancel()
	start := opt.Clock.Now()
	var wg sync.WaitGroup
	for i := range opt.Pushers {
		wg.Go(func() { l.pusher(ctx, i) })
	}
	for i := range opt.Readers {
		wg.Go(func() { l.reader(ctx, i, ui) })
	}
	if opt.Progress != nil {
		wg.Go(func() { l.progress(ctx, start) })
	}
	wg.Wait()
	return l.report(opt.Clock.Now().Sub(start)), nil
}

func (o LoadOptions) withDefaults() LoadOptions {
	if o.Duration <= 0 {
		o.Duration = 10 * time.Minute
	}
	if o.Pushers < 0 {
		o.Pushers = 0
	} else if o.Pushers == 0 {
		o.Pushers = 4
	}
	if o.Readers < 0 {
		o.Readers = 0
	} else if o.Readers == 0 {
		o.Readers = 4
	}
	if o.Batch <= 0 {
		o.Batch = 100
	}
	if o.Source == "" {
		o.Source = "bench-load"
	}
	if o.Clock == nil {
		o.Clock = clock.Real{}
	}
	if o.Client == nil {
		o.Client = &http.Client{Timeout: 2 * time.Minute}
	}
	if o.Every <= 0 {
		o.Every = 30 * time.Second
	}
	o.URL = strings.TrimRight(o.URL, "/")
	return o
}

type loader struct {
	opt   LoadOptions
	run   string
	posts atomic.Int64

	mu     sync.Mutex
	lat    map[string][]time.Duration
	errs   map[string]int
	errMsg []string
}

func newRunID() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// record notes one request's latency or failure.
func (l *loader) record(route string, d time.Duration, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil {
		l.errs[route]++
		if len(l.errMsg) < 10 {
			l.errMsg = append(l.errMsg, route+": "+err.Error())
		}
		return
	}
	l.lat[route] = append(l.lat[route], d)
}

// do sends a request and reads the whole answer; a status other than want
// is an error. A request cut by the end of the run is not counted.
func (l *loader) do(ctx context.Context, client *http.Client, route string, req *http.Request, want int) []byte {
	start := l.opt.Clock.Now()
	resp, err := client.Do(req.WithContext(ctx))
	var body []byte
	if err == nil {
		body, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil && resp.StatusCode != want {
			err = fmt.Errorf("status %d: %.200s", resp.StatusCode, bytes.TrimSpace(body))
		}
	}
	if ctx.Err() != nil {
		return nil
	}
	l.record(route, l.opt.Clock.Now().Sub(start), err)
	if err != nil {
		return nil
	}
	return body
}

// pusher sends batches of generated posts, dated within the last ten
// minutes, each with an id of its own.
func (l *loader) pusher(ctx context.Context, n int) {
	for seq := 0; ctx.Err() == nil; seq++ {
		body, err := l.batch(n, seq)
		if err != nil {
			l.record(RouteIntake, 0, err)
			return
		}
		req, _ := http.NewRequest(http.MethodPost, l.opt.URL+"/api/v1/intake?source="+url.QueryEscape(l.opt.Source), bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+l.opt.Token)
		req.Header.Set("Content-Type", "application/x-ndjson")
		out := l.do(ctx, l.opt.Client, RouteIntake, req, http.StatusOK)
		var sum struct{ Imported, Updated int }
		if out != nil && json.Unmarshal(out, &sum) == nil {
			l.posts.Add(int64(sum.Imported + sum.Updated))
		}
	}
}

// batch generates one request body of posts.
func (l *loader) batch(pusher, seq int) ([]byte, error) {
	var gen bytes.Buffer
	now := l.opt.Clock.Now()
	err := Generate(&gen, Options{Posts: l.opt.Batch, Seed: uint64(pusher)<<32 | uint64(seq), Start: now.Add(-10 * time.Minute), Span: 10 * time.Minute})
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	dec := json.NewDecoder(&gen)
	for i := 0; ; i++ {
		var r Record
		if err := dec.Decode(&r); err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		r.ID = fmt.Sprintf("load-%s-%d-%d-%d", l.run, pusher, seq, i)
		if err := enc.Encode(r); err != nil {
			return nil, err
		}
	}
	return out.Bytes(), nil
}

// uiClient is a logged-in web UI session and the story ids it found.
type uiClient struct {
	client *http.Client
	mu     sync.Mutex
	ids    []string
	looked time.Time
}

var storyLink = regexp.MustCompile(`href="/stories/(\d+)`)

// login opens a web UI session when an e-mail is given.
func (l *loader) login(ctx context.Context) (*uiClient, error) {
	if l.opt.Email == "" {
		return nil, nil
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: l.opt.Client.Timeout}
	form := url.Values{"email": {l.opt.Email}, "password": {l.opt.Password}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, l.opt.URL+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("bench load: log in: %w", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path == "/login" {
		return nil, fmt.Errorf("bench load: log in as %s: refused (status %d)", l.opt.Email, resp.StatusCode)
	}
	return &uiClient{client: c}, nil
}

// storyID returns a story to open, looking the list up now and then.
func (u *uiClient) storyID(ctx context.Context, l *loader, rnd *mrand.Rand) string {
	u.mu.Lock()
	since := l.opt.Clock.Now().Sub(u.looked)
	stale := since > 30*time.Second || (len(u.ids) == 0 && since > time.Second)
	if stale {
		u.looked = l.opt.Clock.Now()
	}
	u.mu.Unlock()
	if stale {
		req, _ := http.NewRequest(http.MethodGet, l.opt.URL+"/stories?window=7d", nil)
		resp, err := u.client.Do(req.WithContext(ctx))
		if err == nil {
			page, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			var ids []string
			for _, m := range storyLink.FindAllSubmatch(page, -1) {
				ids = append(ids, string(m[1]))
			}
			if len(ids) > 0 {
				u.mu.Lock()
				u.ids = ids
				u.mu.Unlock()
			}
		}
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if len(u.ids) == 0 {
		return ""
	}
	return u.ids[rnd.IntN(len(u.ids))]
}

var searchWords = []string{"mưa lớn", "thủy điện", "vắc xin", "sơ tán", "giá xăng", "flooding", "\"tin đồn\"", "bridge", "hospital", "đà nẵng"}

// reader cycles through search, a story page and /healthz.
func (l *loader) reader(ctx context.Context, n int, ui *uiClient) {
	rnd := mrand.New(mrand.NewPCG(uint64(n), 7))
	for i := 0; ctx.Err() == nil; i++ {
		switch i % 3 {
		case 0:
			q := searchWords[rnd.IntN(len(searchWords))]
			req, _ := http.NewRequest(http.MethodGet, l.opt.URL+"/api/v1/search?q="+url.QueryEscape(q), nil)
			req.Header.Set("Authorization", "Bearer "+l.opt.Token)
			l.do(ctx, l.opt.Client, RouteSearch, req, http.StatusOK)
		case 1:
			if ui == nil {
				continue
			}
			id := ui.storyID(ctx, l, rnd)
			if id == "" {
				continue
			}
			req, _ := http.NewRequest(http.MethodGet, l.opt.URL+"/stories/"+id, nil)
			l.do(ctx, ui.client, RouteStory, req, http.StatusOK)
		case 2:
			req, _ := http.NewRequest(http.MethodGet, l.opt.URL+"/healthz", nil)
			l.do(ctx, l.opt.Client, RouteHealthz, req, http.StatusOK)
		}
	}
}

// progress prints the running intake rate.
func (l *loader) progress(ctx context.Context, start time.Time) {
	t := time.NewTicker(l.opt.Every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			el := l.opt.Clock.Now().Sub(start)
			n := l.posts.Load()
			fmt.Fprintf(l.opt.Progress, "%s: %d posts stored, %.0f posts/s\n", el.Round(time.Second), n, float64(n)/el.Seconds())
		}
	}
}

func (l *loader) report(el time.Duration) LoadReport {
	l.mu.Lock()
	defer l.mu.Unlock()
	r := LoadReport{URL: l.opt.URL, Seconds: el.Seconds(), Pushers: l.opt.Pushers, Readers: l.opt.Readers, Batch: l.opt.Batch,
		Posts: l.posts.Load(), Errors: l.errMsg}
	r.PostsPerSec = float64(r.Posts) / el.Seconds()
	for _, route := range []string{RouteIntake, RouteSearch, RouteStory, RouteHealthz} {
		ds := l.lat[route]
		if len(ds) == 0 && l.errs[route] == 0 {
			continue
		}
		slices.Sort(ds)
		rs := RouteStats{Route: route, Requests: len(ds) + l.errs[route], Errors: l.errs[route], PerSec: float64(len(ds)) / el.Seconds()}
		if len(ds) > 0 {
			rs.P50ms, rs.P99ms, rs.Maxms = ms(quantile(ds, 0.50)), ms(quantile(ds, 0.99)), ms(ds[len(ds)-1])
		}
		r.Routes = append(r.Routes, rs)
	}
	return r
}

func quantile(sorted []time.Duration, q float64) time.Duration {
	return sorted[min(len(sorted)-1, int(q*float64(len(sorted))))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
