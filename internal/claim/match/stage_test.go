package match

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
	"github.com/factdesk/factdesk/internal/text"
)

// memAlerts is an alert store with the store's idempotence rule.
type memAlerts struct{ alerts []store.Alert }

func (m *memAlerts) InsertAlerts(_ context.Context, as []store.Alert) (int, error) {
	n := 0
	for _, a := range as {
		dup := false
		for _, b := range m.alerts {
			dup = dup || (a.Kind == b.Kind && a.Key == b.Key && a.BucketStart.Equal(b.BucketStart))
		}
		if !dup {
			m.alerts = append(m.alerts, a)
			n++
		}
	}
	return n, nil
}

func (m *memAlerts) ExtendAlert(_ context.Context, kind, key string, bucket time.Time, change func(*store.Alert) (bool, error)) (bool, error) {
	for i := range m.alerts {
		if a := &m.alerts[i]; a.Kind == kind && a.Key == key && a.BucketStart.Equal(bucket) {
			_, err := change(a)
			return true, err
		}
	}
	return false, nil
}

// SaveClaimMatches keeps no matches: the tests of matches use the store.
func (m *memAlerts) SaveClaimMatches(context.Context, []store.ClaimMatch) (int, error) { return 0, nil }

// fixtureClaims is a small English and Vietnamese library.
func fixtureClaims() []claim.Claim {
	return []claim.Claim{
		{ID: 1, Text: "5G towers spread the coronavirus.", Title: "Do 5G Towers Spread COVID-19?", Verdict: claim.False, ReviewURL: "https://example.org/5g", Lang: "en",
			Appearances: []string{"https://rumours.example/5g-covid?utm_source=x"}},
		{ID: 2, Text: "Drinking hot water every 15 minutes kills the virus.", Title: "Does Hot Water Kill the Virus?", Verdict: claim.False, Lang: "en"},
		{ID: 3, Text: "The WHO declared COVID-19 a pandemic on 11 March 2020.", Title: "Did the WHO Declare a Pandemic?", Verdict: claim.True, Lang: "en"},
		{ID: 4, Text: "Tiêm vắc xin COVID-19 gây vô sinh ở phụ nữ.", Title: "Vắc xin COVID-19 có gây vô sinh?", Verdict: claim.False, Lang: "vi"},
		{ID: 5, Text: "Đà Nẵng phong tỏa toàn thành phố từ ngày 28 tháng 7.", Title: "Đà Nẵng phong tỏa?", Verdict: claim.True, Lang: "vi"},
		{ID: 6, Text: "Eating garlic protects against infection.", Title: "Does Garlic Prevent Infection?", Verdict: claim.Misleading, Lang: "en"},
	}
}

func fixtureIndex(t testing.TB) *Index {
	ix, err := Load(context.Background(), sliceLoader(fixtureClaims()), Config{})
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func inserted(ps []post.Post) []store.UpsertResult {
	rs := make([]store.UpsertResult, len(ps))
	for i := range ps {
		rs[i] = store.UpsertResult{ID: int64(100 + i), Status: store.Inserted}
	}
	return rs
}

func TestStageRaisesOneAlertPerClaimAndDay(t *testing.T) {
	ix := fixtureIndex(t)
	st := &memAlerts{}
	stage := NewStage(ix, st)
	day := time.Date(2020, 4, 3, 9, 0, 0, 0, time.UTC)
	posts := []post.Post{
		{Text: "BREAKING: the 5G towers spread the coronavirus, share before they delete this!", PublishedAt: day},
		{Text: "They admit it: 5G towers spread the coronavirus. https://rumours.example/5g-covid", PublishedAt: day.Add(3 * time.Hour)},
		{Text: "WHO declared COVID-19 a pandemic on 11 March 2020", PublishedAt: day},
		{Text: "Lovely weather in Hanoi today", PublishedAt: day},
	}
	for range 2 { // the second run is a redelivery
		if err := stage.Process(context.Background(), posts, inserted(posts)); err != nil {
			t.Fatal(err)
		}
	}
	if len(st.alerts) != 1 {
		t.Fatalf("got %d alerts, want 1: %+v", len(st.alerts), st.alerts)
	}
	a := st.alerts[0]
	if a.Kind != AlertKind || a.Key != "claim:1" || a.ClaimID != 1 || !a.BucketStart.Equal(day.Truncate(24*time.Hour)) {
		t.Errorf("alert %+v", a)
	}
	var d Details
	if err := json.Unmarshal(a.Details, &d); err != nil {
		t.Fatal(err)
	}
	if d.Count != 2 || d.ReviewURL != "https://example.org/5g" || d.Verdict != "false" {
		t.Errorf("details %+v", d)
	}
	if !strings.Contains(a.Explanation, "2 posts repeat a claim rated false") {
		t.Errorf("explanation %q", a.Explanation)
	}
	if vi := Explain(d, "vi"); !strings.Contains(vi, "kết luận là sai") {
		t.Errorf("vi explanation %q", vi)
	}
}

func TestStageSkipsDuplicatesAndTrueClaims(t *testing.T) {
	ix := fixtureIndex(t)
	st := &memAlerts{}
	posts := []post.Post{{Text: "5G towers spread the coronavirus.", PublishedAt: time.Date(2020, 4, 3, 9, 0, 0, 0, time.UTC)}}
	rs := []store.UpsertResult{{ID: 1, Status: store.Duplicate}}
	if err := NewStage(ix, st).Process(context.Background(), posts, rs); err != nil || len(st.alerts) != 0 {
		t.Fatalf("duplicate post: %d alerts, err %v", len(st.alerts), err)
	}
}

func TestMatchReasonsAndUpdates(t *testing.T) {
	ix := fixtureIndex(t)
	rs := ix.Match("Is it true? 5G towers spread the coronavirus https://rumours.example/5g-covid", Options{})
	if len(rs) == 0 || rs[0].ClaimID != 1 {
		t.Fatalf("results %+v", rs)
	}
	joined := strings.Join(rs[0].Reasons, "; ")
	for _, want := range []string{"same URL as a known appearance", "shares the numbers 5g", "BM25"} {
		if !strings.Contains(joined, want) {
			t.Errorf("reasons %q lack %q", joined, want)
		}
	}
	ix.Remove(1)
	if rs := ix.Match("5G towers spread the coronavirus", Options{}); len(rs) > 0 && rs[0].ClaimID == 1 {
		t.Errorf("removed claim still matched")
	}
	c := fixtureClaims()[0]
	c.Text = "Mobile masts cause the flu."
	ix.Upsert(c)
	if rs := ix.Match("mobile masts cause the flu", Options{}); len(rs) == 0 || rs[0].ClaimID != 1 {
		t.Errorf("updated claim not matched: %+v", rs)
	}
}

func TestVietnameseFoldedAndExact(t *testing.T) {
	ix := fixtureIndex(t)
	for _, q := range []string{"tiem vac xin covid gay vo sinh o phu nu", "Tiêm vắc xin COVID gây vô sinh ở phụ nữ!!"} {
		rs := ix.Match(q, Options{})
		if len(rs) == 0 || rs[0].ClaimID != 4 {
			t.Fatalf("%q: %+v", q, rs)
		}
		t.Logf("%q: %.3f %v", q, rs[0].Score, rs[0].Reasons)
		if rs[0].Score < DefaultAlertThreshold {
			t.Errorf("%q: a full repetition scores %.3f, below the alert threshold", q, rs[0].Score)
		}
	}
	rs := ix.Match("da nang phong toa", Options{})
	if len(rs) == 0 || rs[0].ClaimID != 5 {
		t.Fatalf("da nang: %+v", rs)
	}
	if rs := ix.Match("thời tiết hôm nay đẹp", Options{}); len(rs) > 0 && rs[0].Score >= DefaultSuggestThreshold {
		t.Errorf("unrelated Vietnamese post suggested %+v", rs)
	}
}

// TestStageStoresMatches pushes posts through the stage on a real store:
// a post repeating a claim gets a stored row with its score and reasons,
// an unrelated one none, and redelivery stores nothing new.
func TestStageStoresMatches(t *testing.T) {
	ctx := context.Background()
	day := time.Date(2020, 4, 3, 9, 0, 0, 0, time.UTC)
	storetest.Each(t, clock.NewFake(day), func(t *testing.T, db *store.DB) {
		claims := fixtureClaims()
		for i := range claims {
			claims[i].ID = 0
		}
		if _, err := db.UpsertClaims(ctx, "test", claims); err != nil {
			t.Fatal(err)
		}
		ix, err := Load(ctx, db, Config{})
		if err != nil {
			t.Fatal(err)
		}
		src, err := db.EnsureSource(ctx, "test", "import", "stage")
		if err != nil {
			t.Fatal(err)
		}
		var posts []post.Post
		for i, s := range []string{
			"They admit it: 5G towers spread the coronavirus. https://rumours.example/5g-covid",
			"Lovely weather in Hanoi today",
		} {
			posts = append(posts, post.Post{SourceID: src.ID, ExternalID: strconv.Itoa(i), Text: s, ContentHash: text.ContentHash(s), Lang: "en", PublishedAt: day, FetchedAt: day})
		}
		stage := NewStage(ix, db)
		for round := range 2 { // the second round is a redelivery: the posts are duplicates then
			rs, err := db.UpsertPosts(ctx, posts)
			if err != nil {
				t.Fatal(err)
			}
			for i := range posts {
				posts[i].ID = rs[i].ID
			}
			if err := stage.Process(ctx, posts, rs); err != nil {
				t.Fatal(err)
			}
			byPost, err := db.PostClaims(ctx, []int64{posts[0].ID, posts[1].ID})
			if err != nil {
				t.Fatal(err)
			}
			got := byPost[posts[0].ID]
			if len(byPost) != 1 || len(got) == 0 || got[0].Claim.Key != "https://example.org/5g" || got[0].Score < ix.Config().AlertThreshold ||
				len(got[0].Reasons) == 0 || len(got) > MatchesPerPost {
				t.Fatalf("round %d: stored matches %+v", round, byPost)
			}
			for _, m := range got {
				if m.Score < ix.Config().SuggestThreshold {
					t.Errorf("stored a match under the suggestion threshold: %+v", m)
				}
			}
		}
		// Storing the same matches again writes nothing, as a replayed
		// batch would.
		rows, err := db.PostClaims(ctx, []int64{posts[0].ID})
		if err != nil {
			t.Fatal(err)
		}
		var again []store.ClaimMatch
		for _, pc := range rows[posts[0].ID] {
			again = append(again, pc.ClaimMatch)
		}
		if n, err := db.SaveClaimMatches(ctx, again); err != nil || n != 0 {
			t.Fatalf("stored again: %d rows, %v", n, err)
		}
		alerts, err := db.Alerts(ctx, store.AlertFilter{Kinds: []string{AlertKind}})
		if err != nil || len(alerts) != 1 {
			t.Fatalf("alerts %+v %v", alerts, err)
		}

		// Rematch finds the same rows and writes nothing.
		matched, written, deleted, err := stage.Rematch(ctx, db, posts)
		if err != nil || matched != 1 || written != 0 || deleted != 0 {
			t.Fatalf("rematch = %d matched, %d written, %d deleted, %v", matched, written, deleted, err)
		}
	})
}

// TestAlertGathersLaterPosts: posts repeating a false claim the same day
// but arriving in later batches join the alert raised by the first (its
// posts, count, explanation), on both backends; a batch processed again
// changes nothing, and another day raises its own alert.
func TestAlertGathersLaterPosts(t *testing.T) {
	ctx := context.Background()
	day := time.Date(2020, 4, 3, 9, 0, 0, 0, time.UTC)
	c := clock.NewFake(day)
	storetest.Each(t, c, func(t *testing.T, db *store.DB) {
		stage := NewStage(fixtureIndex(t), db)
		src, err := db.EnsureSource(ctx, "test", "import", "gather")
		if err != nil {
			t.Fatal(err)
		}
		batch := func(id int, at time.Time, s string) ([]post.Post, []store.UpsertResult) {
			p := post.Post{SourceID: src.ID, ExternalID: strconv.Itoa(id), Text: s, ContentHash: text.ContentHash(s), PublishedAt: at, FetchedAt: at}
			rs, err := db.UpsertPosts(ctx, []post.Post{p})
			if err != nil {
				t.Fatal(err)
			}
			p.ID = rs[0].ID
			return []post.Post{p}, rs
		}
		run := func(ps []post.Post, rs []store.UpsertResult) {
			if err := stage.Process(ctx, ps, rs); err != nil {
				t.Fatal(err)
			}
		}
		p1, r1 := batch(1, day, "BREAKING: the 5G towers spread the coronavirus, share before they delete this!")
		run(p1, r1)
		p2, r2 := batch(2, day.Add(3*time.Hour), "They admit it: 5G towers spread the coronavirus, wake up")
		run(p2, r2)
		run(p2, r2) // redelivered
		p3, r3 := batch(3, day.Add(24*time.Hour), "5G towers spread the coronavirus, I told you so")
		run(p3, r3)

		alerts, err := db.Alerts(ctx, store.AlertFilter{Kinds: []string{AlertKind}})
		if err != nil || len(alerts) != 2 {
			t.Fatalf("alerts %+v %v, want one per day", alerts, err)
		}
		for _, a := range alerts {
			var d Details
			if err := json.Unmarshal(a.Details, &d); err != nil {
				t.Fatal(err)
			}
			want := []int64{p1[0].ID, p2[0].ID}
			if a.BucketStart.After(day) {
				want = []int64{p3[0].ID}
			}
			if !slices.Equal(d.Posts, want) || d.Count != len(want) {
				t.Errorf("alert of %v: posts %v count %d, want %v", a.BucketStart, d.Posts, d.Count, want)
			}
			if len(want) == 2 && !strings.Contains(a.Explanation, "2 posts repeat") {
				t.Errorf("explanation %q", a.Explanation)
			}
		}
	})
}
