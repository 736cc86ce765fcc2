package web

import (
	"cmp"
	"time"

	"github.com/factdesk/factdesk/internal/store"
)

// How the Stories list measures growth.
//
// A story's growth is the number of its posts published in the last
// period minus the number published in the period before it; both periods
// are whole 10-minute buckets ending with the bucket that holds now. The
// period follows the time window the list shows: the last hour against
// the hour before for the 1-hour window, the last 6 hours against the 6
// before for 24 hours, and the last day against the day before for 7 days.
// A story that doubles from 20 to 40 posts grows by 20; one that starts
// from nothing with 5 grows by 5. Ties go to the busier story, then to the
// one seen last.

// storyWindow is a choice of the Stories list's time filter.
type storyWindow struct {
	Name   string        // the query value: "1h", "24h", "7d"
	Span   time.Duration // stories last seen within it are listed
	Period time.Duration // growth compares the last Period with the one before
}

// storyWindows are the time filters, the default first.
func storyWindows() []storyWindow {
	return []storyWindow{
		{Name: "24h", Span: 24 * time.Hour, Period: 6 * time.Hour},
		{Name: "1h", Span: time.Hour, Period: time.Hour},
		{Name: "7d", Span: 7 * 24 * time.Hour, Period: 24 * time.Hour},
	}
}

// findWindow returns the window named name, or the default.
func findWindow(name string) storyWindow {
	ws := storyWindows()
	for _, w := range ws {
		if w.Name == name {
			return w
		}
	}
	return ws[0]
}

// Sparklines show the last day of 10-minute buckets.
const (
	sparkSpan    = 24 * time.Hour
	sparkBuckets = int(sparkSpan / store.StoryBucketSize)
)

// activity is a story's recent posting: its sparkline counts and its
// growth over a period.
type activity struct {
	Spark    []int // posts per bucket over the last sparkSpan, oldest first
	Recent   int   // posts in the last period
	Previous int   // posts in the period before
}

// Growth is Recent minus Previous.
func (a activity) Growth() int { return a.Recent - a.Previous }

// bucketsEnd is the end of the bucket that holds now.
func bucketsEnd(now time.Time) time.Time {
	return now.UTC().Truncate(store.StoryBucketSize).Add(store.StoryBucketSize)
}

// activitySince is how far back activity needs buckets for period.
func activitySince(end time.Time, period time.Duration) time.Time {
	return end.Add(-max(sparkSpan, 2*period))
}

// measure sums buckets (in any order) into the activity of the
// sparkSpan and the two periods that end at end.
func measure(buckets []store.StoryBucket, end time.Time, period time.Duration) activity {
	a := activity{Spark: make([]int, sparkBuckets)}
	sparkFrom, recentFrom, prevFrom := end.Add(-sparkSpan), end.Add(-period), end.Add(-2*period)
	for _, b := range buckets {
		if !b.Start.Before(end) {
			continue // stamped in the future
		}
		if !b.Start.Before(sparkFrom) {
			a.Spark[int(b.Start.Sub(sparkFrom)/store.StoryBucketSize)] += b.Count
		}
		switch {
		case !b.Start.Before(recentFrom):
			a.Recent += b.Count
		case !b.Start.Before(prevFrom):
			a.Previous += b.Count
		}
	}
	return a
}

// rankedStory is a story with its activity, for ordering.
type rankedStory struct {
	Story    store.Story
	Activity activity
}

// byGrowth orders stories by growth, then posts in the last period, then
// last seen, then newest id.
func byGrowth(a, b rankedStory) int {
	return cmp.Or(
		cmp.Compare(b.Activity.Growth(), a.Activity.Growth()),
		cmp.Compare(b.Activity.Recent, a.Activity.Recent),
		b.Story.LastSeen.Compare(a.Story.LastSeen),
		cmp.Compare(b.Story.ID, a.Story.ID),
	)
}
