package report_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/report"
	"github.com/factdesk/factdesk/internal/store"
)

// Environment of the scale test.
const (
	scaleEnv    = "FACTDESK_TEST_REPORT_1M"     // "1" runs it
	scaleDirEnv = "FACTDESK_TEST_REPORT_1M_DIR" // keep (and reuse) the data folder here
)

// TestReportAYearOf1MPosts measures the situation of a year holding a
// million posts (with 20,000 stories and their 10-minute buckets, and 5,000
// alerts), for the root and for a unit below it, and for the last week.
// It logs the times; it does not fail on them.
//
//	FACTDESK_TEST_REPORT_1M=1 go test -run TestReportAYearOf1MPosts -v ./internal/report/
func TestReportAYearOf1MPosts(t *testing.T) {
	if os.Getenv(scaleEnv) == "" || testing.Short() {
		t.Skip("set " + scaleEnv + "=1 to measure a year of 1M posts (takes a minute or two)")
	}
	end := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	c := clock.NewFake(end)
	dir := os.Getenv(scaleDirEnv)
	if dir == "" {
		dir = t.TempDir()
	}
	ctx := context.Background()
	db, err := store.Open(ctx, store.Options{DataDir: dir, Clock: c})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	units, err := db.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var sub int64
	if len(units) == 0 {
		start := time.Now()
		sub = fillYear(t, db, end)
		t.Logf("generated 1,000,000 posts in %s", time.Since(start).Round(time.Second))
	} else {
		sub = units[len(units)-1].ID // the commune, created last
	}
	st, _ := os.Stat(db.Path())
	if st != nil {
		t.Logf("database: %.0f MiB", float64(st.Size())/(1<<20))
	}
	b := report.NewBuilder(db, c)
	for _, q := range []struct {
		name string
		q    report.Query
	}{
		{"root, 365 days", report.Query{From: end.AddDate(-1, 0, 0), To: end}},
		{"commune, 365 days", report.Query{UnitID: sub, From: end.AddDate(-1, 0, 0), To: end}},
		{"root, 7 days", report.Query{From: end.AddDate(0, 0, -7), To: end}},
	} {
		start := time.Now()
		s, err := b.Build(ctx, q.q)
		if err != nil {
			t.Fatal(err)
		}
		took := time.Since(start)
		total, _ := s.Figure("posts_total")
		inPeriod, _ := s.Figure("posts")
		t.Logf("%s: %s (posts stored %d, in period %d, %d rising stories, %d buckets)", q.name, took.Round(time.Millisecond),
			total.Value, inPeriod.Value, len(s.RisingStories), len(s.BucketStarts))
	}
}

// fillYear writes the data set straight into the SQLite file (the report
// reads no search index, so the posts skip it) and returns a commune's id.
func fillYear(t *testing.T, db *store.DB, end time.Time) int64 {
	t.Helper()
	ctx := context.Background()
	root, _ := db.CreateUnit(ctx, "test", auth.Unit{Name: "Tỉnh", ParentID: 0})
	district, _ := db.CreateUnit(ctx, "test", auth.Unit{Name: "Huyện", ParentID: root.ID})
	commune, _ := db.CreateUnit(ctx, "test", auth.Unit{Name: "Xã", ParentID: district.ID})
	var sources []int64
	for i, k := range []string{"rss", "mastodon", "bluesky", "import", "rss", "push"} {
		unit := []int64{0, root.ID, district.ID, commune.ID, commune.ID, district.ID}[i]
		s, err := db.CreateSource(ctx, "test", store.Source{Kind: k, Name: fmt.Sprint("src", i), URL: fmt.Sprint("https://s", i, ".example/"), UnitID: unit})
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, s.ID)
	}
	raw, err := sql.Open("sqlite", "file:"+db.Path()+"?_pragma=busy_timeout(10000)&_pragma=synchronous(OFF)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	r := rand.New(rand.NewPCG(1, 2))
	startMs, span := end.AddDate(-1, 0, 0).UnixMilli(), int64(365*24*time.Hour/time.Millisecond)
	const n, stories = 1_000_000, 20_000
	buckets := map[[2]int64]int64{}
	exec := func(tx *sql.Tx, q string, args ...any) {
		if _, err := tx.Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	for chunk := 0; chunk < n; chunk += 100_000 {
		tx, err := raw.Begin()
		if err != nil {
			t.Fatal(err)
		}
		ins, err := tx.Prepare(`INSERT INTO posts (id, source_id, external_id, text, published_at, fetched_at, content_hash, updated_at) VALUES (?, ?, ?, 'x', ?, ?, ?, ?)`)
		if err != nil {
			t.Fatal(err)
		}
		link, _ := tx.Prepare(`INSERT INTO post_stories (post_id, story_id) VALUES (?, ?)`)
		for i := chunk + 1; i <= chunk+100_000; i++ {
			at := startMs + r.Int64N(span)
			if _, err := ins.Exec(i, sources[r.IntN(len(sources))], fmt.Sprint(i), at, at, fmt.Sprint(i), at); err != nil {
				t.Fatal(err)
			}
			story := int64(1 + r.IntN(stories))
			if _, err := link.Exec(i, story); err != nil {
				t.Fatal(err)
			}
			buckets[[2]int64{story, at - at%600000}]++
		}
		ins.Close()
		link.Close()
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	tx, _ := raw.Begin()
	for s := int64(1); s <= stories; s++ {
		exec(tx, `INSERT INTO stories (id, first_seen, last_seen, post_count, source_count, representative_post_id, created_at, updated_at) VALUES (?, ?, ?, 50, 1, ?, ?, ?)`,
			s, startMs, startMs+span, s, startMs, startMs)
		exec(tx, `INSERT INTO story_sources (story_id, source_id, post_count) VALUES (?, ?, 50)`, s, sources[int(s)%len(sources)])
	}
	for k, v := range buckets {
		exec(tx, `INSERT INTO story_buckets (story_id, bucket_start, post_count) VALUES (?, ?, ?)`, k[0], k[1], v)
	}
	for i := range 5000 {
		at := startMs + r.Int64N(span)
		exec(tx, `INSERT INTO alerts (kind, key, story_id, unit_id, bucket_start, at, explanation, status, created_at, updated_at) VALUES ('spike_story', ?, ?, ?, ?, ?, 'spike', ?, ?, ?)`,
			fmt.Sprint("story:", i), 1+i%stories, []int64{root.ID, district.ID, commune.ID}[i%3], at, at, []string{"open", "dismissed"}[i%2], at, at)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("ANALYZE"); err != nil {
		t.Fatal(err)
	}
	return commune.ID
}
