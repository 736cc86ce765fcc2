package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/desk"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/report"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

// t0 is the start of the reported period; the previous period is the week
// before it.
var t0 = time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC)

// seeded is a small organisation with posts, stories, alerts and a claim.
type seeded struct {
	root, a, a1, b int64
	storyX, storyY int64
	claimID        int64
}

// seed builds: root > A > A1, root > B; sources with no unit (rss), in A
// (mastodon), A1 (bluesky) and B (rss); posts in the period and before;
// story X of A1's posts matched to a claim, story Y of B's.
func seed(t *testing.T, db *store.DB) seeded {
	t.Helper()
	ctx := context.Background()
	var s seeded
	unit := func(name string, parent int64) int64 {
		u, err := db.CreateUnit(ctx, "test", auth.Unit{Name: name, ParentID: parent})
		if err != nil {
			t.Fatal(err)
		}
		return u.ID
	}
	s.root = unit("Thành phố Đà Nẵng", 0)
	s.a = unit("Quận Hải Châu", s.root)
	s.a1 = unit("Phường Hải Châu 1", s.a)
	s.b = unit("Huyện Hòa Vang", s.root)
	source := func(kind, name string, unitID int64) int64 {
		src, err := db.CreateSource(ctx, "test", store.Source{Kind: kind, Name: name, URL: "https://example.org/" + name, UnitID: unitID})
		if err != nil {
			t.Fatalf("source %s: %v", name, err)
		}
		return src.ID
	}
	s0, sa, sa1, sb := source("rss", "city", 0), source("mastodon", "hai-chau", s.a), source("bluesky", "hc1", s.a1), source("rss", "hoa-vang", s.b)
	n := 0
	posts := func(src int64, at time.Time, count int) []int64 {
		var ps []post.Post
		for range count {
			n++
			ps = append(ps, post.Post{SourceID: src, ExternalID: fmt.Sprint(n), ContentHash: fmt.Sprint("h", n), Title: fmt.Sprint("post ", n),
				Text: "Đập thủy điện sắp vỡ", PublishedAt: at.Add(time.Duration(n) * time.Minute), FetchedAt: at})
		}
		res, err := db.UpsertPosts(ctx, ps)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, r := range res {
			ids = append(ids, r.ID)
		}
		return ids
	}
	posts(s0, t0.Add(24*time.Hour), 3)
	posts(s0, t0.Add(-3*24*time.Hour), 1)
	posts(sa, t0.Add(2*24*time.Hour), 2)
	x := posts(sa1, t0.Add(3*24*time.Hour), 4)
	xPrev := posts(sa1, t0.Add(-2*24*time.Hour), 2)
	y := posts(sb, t0.Add(5*24*time.Hour), 1)
	posts(sb, t0.Add(-30*24*time.Hour), 1) // before both periods
	s.storyX, s.storyY = xPrev[0], y[0]
	var as []store.StoryAssignment
	for _, id := range append(xPrev, x...) {
		p, err := db.Post(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		as = append(as, store.StoryAssignment{PostID: id, StoryID: s.storyX, SourceID: sa1, PublishedAt: p.PublishedAt, Terms: []string{"dap"}})
	}
	p, _ := db.Post(ctx, y[0])
	as = append(as, store.StoryAssignment{PostID: y[0], StoryID: s.storyY, SourceID: sb, PublishedAt: p.PublishedAt})
	if _, err := db.SaveStoryAssignments(ctx, as); err != nil {
		t.Fatal(err)
	}
	out, err := db.UpsertClaims(ctx, "test", []claim.Claim{{Key: "c1", Text: "Đập thủy điện Hòa Bắc sắp vỡ", Verdict: claim.Verdict("false"), Publisher: "Sở TT&TT"}})
	if err != nil {
		t.Fatal(err)
	}
	s.claimID = out[0].ID
	_, err = db.InsertAlerts(ctx, []store.Alert{
		{Kind: "known_claim", Key: fmt.Sprintf("claim:%d", s.claimID), StoryID: s.storyX, ClaimID: s.claimID, UnitID: s.a1, BucketStart: t0.Add(3 * 24 * time.Hour), At: t0.Add(3 * 24 * time.Hour), Explanation: "matched"},
		{Kind: "spike_story", Key: fmt.Sprintf("story:%d", s.storyY), StoryID: s.storyY, UnitID: s.b, BucketStart: t0.Add(5 * 24 * time.Hour), At: t0.Add(5 * 24 * time.Hour), Explanation: "spike"},
		{Kind: "manual", Key: "tip:1", BucketStart: t0.Add(-time.Hour), At: t0.Add(-time.Hour), Explanation: "a tip"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func figure(t *testing.T, s *report.Situation, key string) report.Figure {
	t.Helper()
	f, ok := s.Figure(key)
	if !ok {
		t.Fatalf("no figure %s", key)
	}
	return f
}

func want(t *testing.T, s *report.Situation, key string, value int64, prev ...int64) {
	t.Helper()
	f := figure(t, s, key)
	if f.Value != value {
		t.Errorf("unit %d %s = %d, want %d", s.Unit.ID, key, f.Value, value)
	}
	if len(prev) > 0 && (f.Previous == nil || *f.Previous != prev[0]) {
		t.Errorf("unit %d %s previous = %v, want %d", s.Unit.ID, key, f.Previous, prev[0])
	}
}

func TestSituationNumbersAgreeWithTheStore(t *testing.T) {
	c := clock.NewFake(t0.Add(10 * 24 * time.Hour))
	storetest.Each(t, c, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sd := seed(t, db)
		b := report.NewBuilder(db, c)
		q := report.Query{From: t0, To: t0.Add(7 * 24 * time.Hour)}

		// The root (unit 0 resolves to the only root) covers everything,
		// so its all-time totals are the store's own counts.
		s, err := b.Build(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		stats, err := db.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if s.Unit.ID != sd.root {
			t.Fatalf("unit 0 resolved to %d, want the root %d", s.Unit.ID, sd.root)
		}
		for key, stat := range map[string]string{"posts_total": "posts", "stories_total": "stories", "alerts_total": "alerts", "claims_total": "claims"} {
			if f := figure(t, s, key); f.Value != stats[stat] {
				t.Errorf("%s = %d, stats %s = %d", key, f.Value, stat, stats[stat])
			}
		}
		want(t, s, "posts_total", 14)
		want(t, s, "posts", 10, 3)
		want(t, s, "alerts", 2, 1)
		want(t, s, "alerts_open", 3)
		want(t, s, "claims_matched", 1, 0)
		want(t, s, "stories_new", 1, 1) // Y is new; X started in the previous period
		if ch := figure(t, s, "posts").Change; ch == nil || int(*ch) != 233 {
			t.Errorf("posts change = %v, want +233%%", ch)
		}
		vol := map[string]int64{}
		for _, k := range s.Volume {
			vol[k.Kind] = k.Total
			if len(k.Counts) != 7 || s.Bucket != "day" {
				t.Errorf("volume %s has %d %s buckets, want 7 days", k.Kind, len(k.Counts), s.Bucket)
			}
		}
		if vol["rss"] != 4 || vol["mastodon"] != 2 || vol["bluesky"] != 4 {
			t.Errorf("volume by kind = %v", vol)
		}
		if len(s.RisingStories) != 2 || s.RisingStories[0].ID != sd.storyX || s.RisingStories[0].Posts != 4 || s.RisingStories[0].PostsPrev != 2 {
			t.Fatalf("rising stories = %+v", s.RisingStories)
		}
		if cl := s.RisingStories[0].Claims; len(cl) != 1 || cl[0].ID != sd.claimID || cl[0].Verdict != "false" {
			t.Errorf("story X's claims = %+v", cl)
		}

		// A case made from the known-claim alert two hours after it, due a
		// day later and still open: opened in the period, overdue at its
		// end, two hours from alert to case.
		known, err := db.Alerts(ctx, store.AlertFilter{Kinds: []string{"known_claim"}})
		if err != nil || len(known) != 1 {
			t.Fatalf("known-claim alerts %v, %v", known, err)
		}
		c.Set(known[0].At.Add(2 * time.Hour))
		if _, err := db.CreateCase(ctx, "user:1", desk.Case{UnitID: sd.a1, Title: "Đập Hòa Bắc", Priority: desk.Priority("high"),
			DueAt: known[0].At.Add(24 * time.Hour), AlertIDs: []int64{known[0].ID}}, store.CaseEffects{}); err != nil {
			t.Fatal(err)
		}
		c.Set(t0.Add(10 * 24 * time.Hour))
		s, err = b.Build(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		want(t, s, "cases_total", 1)
		want(t, s, "cases_opened", 1, 0)
		want(t, s, "cases_overdue", 1, 0)
		if len(s.Overdue) != 1 || s.Overdue[0].Unit != "Phường Hải Châu 1" || s.OpenCases.Total != 1 {
			t.Errorf("overdue %+v, open %+v", s.Overdue, s.OpenCases)
		}
		if rt := s.ResponseTimes[0]; rt.Stage != "case" || rt.Count != 1 || *rt.MedianHours != 2 {
			t.Errorf("time to case %+v", rt)
		}

		// Quận Hải Châu covers itself and Phường Hải Châu 1, not the
		// records without a unit nor Hòa Vang's.
		s, err = b.Build(ctx, report.Query{UnitID: sd.a, From: q.From, To: q.To})
		if err != nil {
			t.Fatal(err)
		}
		want(t, s, "posts_total", 8)
		want(t, s, "posts", 6, 2)
		want(t, s, "stories_total", 1)
		want(t, s, "alerts_total", 1)
		want(t, s, "alerts_open", 0) // accepted into the case
		want(t, s, "claims_matched", 1, 0)
		want(t, s, "cases_total", 1)
		if len(s.RisingStories) != 1 || s.RisingStories[0].ID != sd.storyX {
			t.Errorf("Hải Châu's rising stories = %+v", s.RisingStories)
		}

		// A unit that does not exist is not found; a reversed period is invalid.
		if _, err := b.Build(ctx, report.Query{UnitID: 999, From: q.From, To: q.To}); err == nil || !strings.Contains(err.Error(), "no unit 999") {
			t.Errorf("unknown unit: %v", err)
		}
		if _, err := b.Build(ctx, report.Query{From: q.To, To: q.From}); err == nil {
			t.Error("a reversed period was accepted")
		}
	})
}

// TestFormatsWriteTheSameNumbers writes every text format of one situation
// and finds the headline numbers in each.
func TestFormatsWriteTheSameNumbers(t *testing.T) {
	c := clock.NewFake(t0.Add(10 * 24 * time.Hour))
	db := storetest.OpenSQLite(t, c)
	seed(t, db)
	s, err := report.NewBuilder(db, c).Build(context.Background(), report.Query{From: t0, To: t0.Add(7 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	s.Note = "Tình hình <ổn định>; theo dõi đập Hòa Bắc."
	for _, lang := range []string{"vi", "en"} {
		var h, md, cs bytes.Buffer
		if err := report.WriteHTML(&h, s, lang); err != nil {
			t.Fatal(err)
		}
		if err := report.WriteMarkdown(&md, s, lang); err != nil {
			t.Fatal(err)
		}
		if err := report.WriteCSV(&cs, s, lang); err != nil {
			t.Fatal(err)
		}
		html := h.String()
		for _, bad := range []string{"<script", "src=\"http", "href=\"http", "<link", "@import"} {
			if strings.Contains(html, bad) {
				t.Errorf("%s HTML report refers outside itself: %q", lang, bad)
			}
		}
		if strings.Count(html, "<svg") < 5 || !strings.Contains(html, "@media print") {
			t.Errorf("%s HTML report lacks its charts or print styles", lang)
		}
		if !strings.Contains(html, "Tình hình &lt;ổn định&gt;") {
			t.Errorf("%s HTML report does not show the note escaped", lang)
		}
		rows, err := csv.NewReader(&cs).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		csvFig := map[string]string{}
		for _, r := range rows {
			if r[0] == "headline" {
				csvFig[r[1]] = r[3]
			}
		}
		for _, f := range s.Headline {
			v := report.FormatInt(lang, f.Value)
			if csvFig[f.Key] != fmt.Sprint(f.Value) {
				t.Errorf("%s CSV %s = %q, want %d", lang, f.Key, csvFig[f.Key], f.Value)
			}
			label := report.Label(lang, "fig."+f.Key)
			if !strings.Contains(md.String(), "| "+label+" | "+v+" |") {
				t.Errorf("%s Markdown lacks %s = %s", lang, label, v)
			}
			if !strings.Contains(html, `data-key="`+f.Key+`"`) {
				t.Errorf("%s HTML lacks figure %s", lang, f.Key)
			}
		}
	}
}
