package match

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
	"github.com/factdesk/factdesk/internal/text"
)

// TestBackfill stores posts first and the claims they repeat afterwards,
// on both backends: the posts stored in the last 7 days are found by the
// store's full-text search and matched, the false claim raises one alert
// naming them, an older post is left alone, a true claim stores its
// matches without an alert, and a second run raises nothing new.
func TestBackfill(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	c := clock.NewFake(now.Add(-10 * 24 * time.Hour))
	storetest.Each(t, c, func(t *testing.T, db *store.DB) {
		c.Set(now.Add(-10 * 24 * time.Hour))
		src, err := db.EnsureSource(ctx, "test", "import", "backfill")
		if err != nil {
			t.Fatal(err)
		}
		mk := func(i int, s, lang string) post.Post {
			return post.Post{SourceID: src.ID, ExternalID: strconv.Itoa(i), Text: s, ContentHash: text.ContentHash(s), Lang: lang,
				PublishedAt: now.Add(-time.Hour), FetchedAt: now}
		}
		store1 := func(ps ...post.Post) []int64 {
			rs, err := db.UpsertPosts(ctx, ps)
			if err != nil {
				t.Fatal(err)
			}
			ids := make([]int64, len(rs))
			for i, r := range rs {
				ids[i] = r.ID
			}
			return ids
		}
		old := store1(mk(0, "They admit it: 5G towers spread the coronavirus, share before it is deleted", "en"))
		c.Set(now.Add(-2 * time.Hour))
		recent := store1(
			mk(1, "5G towers spread the coronavirus! The truth they hide", "en"),
			mk(2, "Tiem vac xin COVID-19 gay vo sinh o phu nu, dung tiem", "vi"),
			mk(3, "The WHO declared COVID-19 a pandemic on 11 March 2020, a look back", "en"),
			mk(4, "Lovely weather in Hanoi today", "en"),
		)
		c.Set(now)
		claims := fixtureClaims()
		for i := range claims {
			claims[i].ID = 0
		}
		out, err := db.UpsertClaims(ctx, "test", claims)
		if err != nil {
			t.Fatal(err)
		}
		ix, err := Load(ctx, db, Config{})
		if err != nil {
			t.Fatal(err)
		}
		stage := NewStage(ix, db)
		ids := []int64{out[0].ID, out[2].ID, out[3].ID} // 5G (false), WHO (true), vô sinh (false)

		after, err := db.PostsStoredAfter(ctx, now.Add(-BackfillWindow))
		if err != nil || after != old[0] {
			t.Fatalf("stored after = %d, %v; want %d", after, err, old[0])
		}
		res, err := stage.Backfill(ctx, db, ids, now)
		if err != nil {
			t.Fatal(err)
		}
		if res.Claims != 3 || res.Posts < 3 || res.Posts > 4 || res.Matches < 3 || res.Alerts != 2 {
			t.Fatalf("backfill = %+v", res)
		}
		byPost, err := db.PostClaims(ctx, append(old, recent...))
		if err != nil {
			t.Fatal(err)
		}
		if len(byPost[old[0]]) != 0 || len(byPost[recent[3]]) != 0 {
			t.Errorf("matched an old or unrelated post: %+v", byPost)
		}
		for i, want := range []int64{out[0].ID, out[3].ID, out[2].ID} {
			if got := byPost[recent[i]]; len(got) == 0 || got[0].ClaimID != want {
				t.Errorf("post %d: matches %+v, want claim %d first", recent[i], got, want)
			}
		}
		alerts, err := db.Alerts(ctx, store.AlertFilter{Kinds: []string{AlertKind}})
		if err != nil || len(alerts) != 2 {
			t.Fatalf("alerts %+v %v", alerts, err)
		}
		for _, a := range alerts {
			if a.ClaimID != out[0].ID && a.ClaimID != out[3].ID || a.Key != "claim:"+strconv.FormatInt(a.ClaimID, 10) ||
				!a.BucketStart.Equal(now.Truncate(24*time.Hour)) {
				t.Errorf("alert %+v", a)
			}
		}

		res, err = stage.Backfill(ctx, db, ids, now)
		if err != nil || res.Alerts != 0 || res.Matches != 0 {
			t.Fatalf("again: %+v %v", res, err)
		}
		// A post arriving afterwards is matched on arrival and raises
		// nothing more: the alert of its claim and day is stored.
		p := mk(5, "Breaking: 5G towers spread the coronavirus, says a video", "en")
		rs, err := db.UpsertPosts(ctx, []post.Post{p})
		if err != nil {
			t.Fatal(err)
		}
		p.ID = rs[0].ID
		if err := stage.Process(ctx, []post.Post{p}, rs); err != nil {
			t.Fatal(err)
		}
		if alerts, _ := db.Alerts(ctx, store.AlertFilter{Kinds: []string{AlertKind}}); len(alerts) != 2 {
			t.Errorf("after a new post: %d alerts", len(alerts))
		}
	})
}

// TestClaimQuery: the query is the claim's content words, once each.
func TestClaimQuery(t *testing.T) {
	q, ok := claimQuery("The 5G towers spread the coronavirus, the TOWERS!", "en")
	if !ok || len(q.All) != 1 {
		t.Fatalf("query %+v %v", q, ok)
	}
	var got []string
	for _, p := range q.All[0] {
		got = append(got, p...)
	}
	if want := "5g towers spread coronavirus"; strings.Join(got, " ") != want {
		t.Errorf("words %q, want %q", strings.Join(got, " "), want)
	}
	if _, ok := claimQuery("the of and", "en"); ok {
		t.Error("a query of stop words only")
	}
	vi, _ := claimQuery("Tiêm vắc xin gây vô sinh ở phụ nữ", "vi")
	if len(vi.All[0]) < 6 {
		t.Errorf("vi words %+v", vi.All[0])
	}
}

// TestBackfillBusyWeek: when more posts than BackfillCandidates share a
// common word of the claim, the repeat stored days before them is still
// found, through the claim's rarest words.
func TestBackfillBusyWeek(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	c := clock.NewFake(now.Add(-3 * 24 * time.Hour))
	storetest.Each(t, c, func(t *testing.T, db *store.DB) {
		c.Set(now.Add(-3 * 24 * time.Hour))
		src, err := db.EnsureSource(ctx, "test", "import", "busy")
		if err != nil {
			t.Fatal(err)
		}
		mk := func(i int, s string) post.Post {
			return post.Post{SourceID: src.ID, ExternalID: strconv.Itoa(i), Text: s, ContentHash: text.ContentHash(s), Lang: "en",
				PublishedAt: c.Now(), FetchedAt: c.Now()}
		}
		rs, err := db.UpsertPosts(ctx, []post.Post{mk(0, "5G towers spread the coronavirus! The truth they hide")})
		if err != nil {
			t.Fatal(err)
		}
		repeat := rs[0].ID
		c.Set(now.Add(-time.Hour))
		var noise []post.Post
		for i := range BackfillCandidates + 50 {
			noise = append(noise, mk(i+1, "Coronavirus update number "+strconv.Itoa(i)+": cases rise again in the city"))
		}
		if _, err := db.UpsertPosts(ctx, noise); err != nil {
			t.Fatal(err)
		}
		c.Set(now)
		claims := fixtureClaims()[:1] // 5G towers spread the coronavirus (false)
		claims[0].ID = 0
		out, err := db.UpsertClaims(ctx, "test", claims)
		if err != nil {
			t.Fatal(err)
		}
		ix, err := Load(ctx, db, Config{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := NewStage(ix, db).Backfill(ctx, db, []int64{out[0].ID}, now)
		if err != nil {
			t.Fatal(err)
		}
		byPost, err := db.PostClaims(ctx, []int64{repeat})
		if err != nil {
			t.Fatal(err)
		}
		if got := byPost[repeat]; len(got) == 0 || got[0].ClaimID != out[0].ID || res.Alerts != 1 {
			t.Fatalf("the repeat behind %d newer posts: matches %+v, backfill %+v", len(noise), got, res)
		}
	})
}
