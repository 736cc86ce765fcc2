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
// 1,000 published fact-checks, parallel clients asking for random pages
// (so the first request for each page renders it, later ones hit the
// cache). It reports the p50 and p99 latency seen by the clients:
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
		slugs[i] = p.Slug
		clk.Advance(time.Minute)
	}
	h, err := site.New(site.Deps{Store: db, Clock: clock.Real{}, BaseURL: publishtest.BaseURL})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
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
	slices.Sort(lat)
	q := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(q(0.50), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
	b.ReportMetric(q(1), "max-ms")
}
