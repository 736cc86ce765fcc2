package web

import (
	"slices"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/store"
)

func TestMeasure(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 3, 0, 0, time.UTC)
	end := bucketsEnd(now)
	if want := time.Date(2026, 3, 2, 9, 10, 0, 0, time.UTC); !end.Equal(want) {
		t.Fatalf("bucketsEnd = %v", end)
	}
	at := func(d time.Duration, n int) store.StoryBucket { return store.StoryBucket{Start: end.Add(-d), Count: n} }
	buckets := []store.StoryBucket{
		at(10*time.Minute, 5),  // the bucket of now: recent
		at(60*time.Minute, 2),  // still within the last hour
		at(70*time.Minute, 3),  // the hour before
		at(2*time.Hour, 4),     // the hour before, its first bucket
		at(130*time.Minute, 9), // older than both hours
		at(25*time.Hour, 7),    // older than the sparkline
		at(-10*time.Minute, 1), // in the future: ignored
	}
	a := measure(buckets, end, time.Hour)
	if a.Recent != 7 || a.Previous != 7 || a.Growth() != 0 {
		t.Errorf("recent %d previous %d growth %d", a.Recent, a.Previous, a.Growth())
	}
	if len(a.Spark) != sparkBuckets || a.Spark[sparkBuckets-1] != 5 || a.Spark[sparkBuckets-6] != 2 || a.Spark[0] != 0 {
		t.Errorf("spark ends %v", a.Spark[sparkBuckets-8:])
	}
	total := 0
	for _, c := range a.Spark {
		total += c
	}
	if total != 23 {
		t.Errorf("spark total %d, want 23", total)
	}
	if since := activitySince(end, 24*time.Hour); !since.Equal(end.Add(-48 * time.Hour)) {
		t.Errorf("activitySince(24h) = %v", since)
	}
	if since := activitySince(end, time.Hour); !since.Equal(end.Add(-24 * time.Hour)) {
		t.Errorf("activitySince(1h) = %v", since)
	}
}

func TestByGrowth(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	rs := func(id int64, recent, prev int, last time.Duration) rankedStory {
		return rankedStory{Story: store.Story{ID: id, LastSeen: t0.Add(-last)}, Activity: activity{Recent: recent, Previous: prev}}
	}
	list := []rankedStory{
		rs(1, 3, 3, 0),           // growth 0
		rs(2, 10, 2, time.Hour),  // +8, busier
		rs(3, 8, 0, time.Hour),   // +8
		rs(4, 0, 5, 0),           // -5
		rs(5, 3, 3, time.Minute), // growth 0, same recent, seen earlier
		rs(6, 3, 3, time.Minute), // same as 5, newer id
	}
	slices.SortFunc(list, byGrowth)
	var got []int64
	for _, r := range list {
		got = append(got, r.Story.ID)
	}
	if want := []int64{2, 3, 1, 6, 5, 4}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

func TestFindWindow(t *testing.T) {
	for name, want := range map[string]time.Duration{"": 6 * time.Hour, "1h": time.Hour, "24h": 6 * time.Hour, "7d": 24 * time.Hour, "99y": 6 * time.Hour} {
		if got := findWindow(name).Period; got != want {
			t.Errorf("findWindow(%q).Period = %v, want %v", name, got, want)
		}
	}
}

func TestTruncate(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"ngắn", 10, "ngắn"},
		{"Đà Nẵng mưa lớn kéo dài", 10, "Đà Nẵng…"},
		{"abcdefghijklmnop", 5, "abcde…"},
		{"một hai ba bốn năm sáu", 12, "một hai ba…"},
	} {
		if got := truncate(tt.in, tt.n); got != tt.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
