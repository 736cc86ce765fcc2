package site_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/publish"
	"github.com/factdesk/factdesk/internal/publish/publishtest"
	"github.com/factdesk/factdesk/internal/site"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

// BenchmarkFactPageLoad measures /facts/{slug} over loopback HTTP with
// 1,000 published fact-checks. A first pass asks for each page once (every
// one a cache miss that renders the page: cold-p50-ms, cold-p99-ms); then
// parallel clients ask for random pages while a publication changes every
// 50 ms (dropping its page, the lists and the feeds from the cache), and
// the clients' p50 and p99 are reported:
//
//	go test ./internal/site/ -run '^$' -bench FactPageLoad -benchtime 20000x
func BenchmarkFactPageLoad(b *testing.B) {
	ctx := context.Background()
	clk := clock.NewFake(t0)
	db := storetest.OpenSQLite(b, clk)
	f := publishtest.New(b, db)
	if err := db.SetPublishSettings(ctx, "bench", f.Province.ID, publish.Settings{SelfApproval: true}); err != nil {
		b.Fatal(err)
	}
	slugs := make([]string, 1000)
	pubs := make([]publish.Publication, 1000)
	for i := range slugs {
		p := f.FactCheck(fmt.Sprintf("Kiểm chứng số %d: tin đồn về đập thủy điện", i), fmt.Sprintf("Tin đồn số %d về đập thủy điện", i))
		p.BodyMD += fmt.Sprintf("\n\n%d. Một đoạn giải thích dài hơn với [nguồn](https://example.gov.vn/%d) và *nhấn mạnh*.", i, i)
		p, err := f.Svc.Create(ctx, f.Lead, p)
		if err != nil {
			b.Fatal(err)
		}
		if p, err = f.Svc.PublishNow(ctx, f.Lead, p.ID); err != nil {
			b.Fatal(err)
		}
		slugs[i], pubs[i] = p.Slug, p
		clk.Advance(time.Minute)
	}
	h, err := site.New(site.Deps{Store: db, Clock: clock.Real{}, BaseURL: publishtest.BaseURL})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	cold := make([]time.Duration, 0, len(slugs))
	for _, slug := range slugs {
		start := time.Now()
		resp, err := client.Get(srv.URL + "/facts/" + slug)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		cold = append(cold, time.Since(start))
	}
	stop := make(chan struct{})
	defer close(stop)
	go func() { // a publication changes every 50 ms
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				h.Invalidate(pubs[rand.IntN(len(pubs))])
			}
		}
	}()
	var mu sync.Mutex
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			url := srv.URL + "/facts/" + slugs[rand.IntN(len(slugs))]
			start := time.Now()
			resp, err := client.Get(url)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			mine = append(mine, time.Since(start))
			if resp.StatusCode != http.StatusOK {
				b.Errorf("GET %s: %d", url, resp.StatusCode)
				return
			}
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	b.StopTimer()
	if len(lat) == 0 {
		return
	}
	q := func(d []time.Duration, p float64) float64 {
		slices.Sort(d)
		return float64(d[int(p*float64(len(d)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(q(cold, 0.50), "cold-p50-ms")
	b.ReportMetric(q(cold, 0.99), "cold-p99-ms")
	b.ReportMetric(q(lat, 0.50), "p50-ms")
	b.ReportMetric(q(lat, 0.99), "p99-ms")
	b.ReportMetric(q(lat, 1), "max-ms")
}
