package signal

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestFalseAlertsPerDay runs a week of background traffic (200 stories,
// 2,000 terms, a day curve with a peak five times the trough) and counts
// the alerts: all of them are false.
func TestFalseAlertsPerDay(t *testing.T) {
	days := 7
	if testing.Short() {
		days = 2
	}
	tr := newTraffic(1, 200, 2000)
	end := t0.Add(time.Duration(days) * 24 * time.Hour)
	events := tr.background(t0, end)
	d := mustNew(Config{})
	alerts := runLive(d, events, 10*time.Minute, end)
	st := d.Stats()
	perDay := float64(len(alerts)) / float64(days)
	t.Logf("%d days, %d posts, %d buckets closed, %d baselines: %d false alerts (%.2f per day), %d term alerts left out",
		days, len(events), st.Closed, st.Keys, len(alerts), perDay, st.Suppressed)
	for _, a := range alerts {
		t.Logf("false alert: %s at %s (p=%.2g)", a.Explanation(), a.BucketStart.Format("Mon 15:04"), a.Details.PValue)
	}
	if perDay >= 1 {
		t.Errorf("%.2f false alerts per day, want fewer than 1", perDay)
	}
}

// TestBurstDetectedWithinOneBucket injects bursts into background traffic,
// each starting at a random moment, and checks that each raises an alert
// for its story in the bucket it starts in or the next.
func TestBurstDetectedWithinOneBucket(t *testing.T) {
	tr := newTraffic(2, 200, 2000)
	r := rand.New(rand.NewPCG(7, 7))
	days := 3
	end := t0.Add(time.Duration(days) * 24 * time.Hour)
	events := tr.background(t0, end)
	type burst struct {
		story int64
		start time.Time
	}
	var bursts []burst
	// One burst every 2 hours after the first 6, alternating between a quiet
	// existing story going up and a brand new story.
	for i, at := 0, t0.Add(6*time.Hour); at.Before(end.Add(-time.Hour)); i, at = i+1, at.Add(2*time.Hour) {
		start := at.Add(time.Duration(r.Int64N(int64(10 * time.Minute))))
		s := simStory{id: int64(900_000 + i), terms: []string{"burst" + string(rune('a'+i%26))}}
		if i%2 == 0 {
			s = tr.stories[i%len(tr.stories)]
			for s.rate > 3 {
				s = tr.stories[r.IntN(len(tr.stories))]
			}
		}
		// About 48 posts in 10 minutes, for half an hour.
		events = append(events, tr.burst(s, start, 30*time.Minute, 144)...)
		bursts = append(bursts, burst{s.id, start})
	}
	sortEvents(events)
	d := mustNew(Config{})
	alerts := runLive(d, events, 10*time.Minute, end)
	var worst, total time.Duration
	for _, b := range bursts {
		found := false
		for _, a := range alerts {
			if a.StoryID != b.story || a.Key.Story == 0 || a.BucketStart.Before(b.start.Truncate(10*time.Minute)) {
				continue
			}
			delay := a.BucketStart.Add(10 * time.Minute).Sub(b.start)
			if a.BucketStart.After(b.start.Truncate(10 * time.Minute).Add(10 * time.Minute)) {
				t.Errorf("burst of story %d at %s first alerted at bucket %s: more than one bucket late", b.story, b.start, a.BucketStart)
			}
			worst, total = max(worst, delay), total+delay
			found = true
			break
		}
		if !found {
			t.Errorf("burst of story %d at %s raised no alert", b.story, b.start)
		}
	}
	t.Logf("%d bursts: mean delay from burst start to the end of the alerting bucket %v, worst %v (event time; add the lateness for wall time)",
		len(bursts), (total / time.Duration(len(bursts))).Round(time.Second), worst.Round(time.Second))
	if len(alerts) > 0 {
		t.Logf("e.g. %s", alerts[0].Explanation())
	}
	if false := len(alerts) - len(bursts); false > days {
		for _, a := range alerts {
			t.Log(a.Explanation())
		}
		t.Errorf("%d alerts for %d bursts", len(alerts), len(bursts))
	}
}

// TestQuietStoriesStayQuiet: a story going from nothing to a few posts, or
// to many posts from one or two sources, never alerts.
func TestQuietStoriesStayQuiet(t *testing.T) {
	d := mustNew(Config{})
	d.warm = 0 // no warm-up: every post counts from the start
	var id int64
	post := func(story int64, src uint64, at time.Time) Event {
		id++
		return Event{PostID: id, StoryID: story, Source: src, At: at, Terms: []string{"x y"}}
	}
	var events []Event
	at := t0.Add(24 * time.Hour)
	events = append(events, post(1, 1, at), post(1, 2, at.Add(time.Minute))) // 0 -> 2
	for i := range 7 {                                                       // 0 -> 7 from 7 sources
		events = append(events, post(2, uint64(10+i), at.Add(20*time.Minute)))
	}
	for range 30 { // 0 -> 30 from 2 sources
		events = append(events, post(3, uint64(1+id%2), at.Add(40*time.Minute)))
	}
	if alerts := runLive(d, events, 10*time.Minute, at.Add(2*time.Hour)); len(alerts) != 0 {
		t.Fatalf("quiet stories alerted: %v", alerts[0].Explanation())
	}
}

// TestQuietStoriesNeedConfigValid: a zero or negative warm-up is refused.
func TestConfigValidate(t *testing.T) {
	for _, c := range []Config{{Bucket: 7 * time.Minute}, {Alpha: 2}, {MinRatio: 0.5}, {StoryShare: 2}} {
		if _, err := New(c); err == nil {
			t.Errorf("%+v accepted", c)
		}
	}
}

// scenario is two days of background with bursts: the input of the order
// and redelivery tests.
func scenario() ([]Event, time.Time) {
	tr := newTraffic(3, 120, 1000)
	end := t0.Add(48 * time.Hour)
	events := tr.background(t0, end)
	for i, h := range []int{8, 20, 30, 41} {
		s := simStory{id: int64(800_000 + i), terms: []string{"vo de"}}
		events = append(events, tr.burst(s, t0.Add(time.Duration(h)*time.Hour+7*time.Minute), 25*time.Minute, 120)...)
	}
	// A term burst spread over many stories.
	for i := range 60 {
		e := tr.post(tr.stories[i], t0.Add(36*time.Hour+time.Duration(i)*8*time.Second))
		e.Terms = append(e.Terms, "mua lu")
		events = append(events, e)
	}
	sortEvents(events)
	return events, end
}

// TestSameAlertsInAnyOrder: live order, arrival shuffled within the
// lateness, a historical import all at once, and every post delivered twice
// all raise the same alerts.
func TestSameAlertsInAnyOrder(t *testing.T) {
	events, end := scenario()
	const lateness = 10 * time.Minute
	live := runLive(mustNew(Config{}), events, lateness, end)
	if len(live) < 5 {
		t.Fatalf("scenario raised only %d alerts", len(live))
	}
	var kinds []string
	for _, a := range live {
		kinds = append(kinds, string(a.Kind)+" "+a.Key.String())
	}
	t.Logf("alerts: %s", strings.Join(kinds, ", "))

	// Arrival order: each post delayed by up to the lateness.
	r := rand.New(rand.NewPCG(9, 9))
	type arrival struct {
		e  Event
		at time.Time
	}
	arr := make([]arrival, len(events))
	for i, e := range events {
		arr[i] = arrival{e, e.At.Add(time.Duration(r.Int64N(int64(lateness))))}
	}
	shuffled := make([]Event, len(arr))
	sortArrivals := func() {
		for i := range arr {
			for j := i; j > 0 && arr[j].at.Before(arr[j-1].at); j-- {
				arr[j], arr[j-1] = arr[j-1], arr[j]
			}
		}
	}
	sortArrivals()
	for i := range arr {
		shuffled[i] = arr[i].e
	}
	d := mustNew(Config{})
	var late []Alert
	for i, e := range shuffled {
		d.Observe(e)
		if i%50 == 49 {
			// The watermark follows arrival time, less the lateness.
			late = append(late, d.Advance(arr[i].at.Add(-lateness))...)
		}
	}
	late = append(late, d.Advance(end)...)
	if d.Stats().Late != 0 {
		t.Errorf("%d events late", d.Stats().Late)
	}
	compareAlerts(t, "shuffled within the lateness", live, late)

	// A historical import: everything at once, in any order.
	all := append([]Event(nil), events...)
	r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	d = mustNew(Config{})
	for _, e := range all {
		d.Observe(e)
	}
	compareAlerts(t, "all at once", live, d.Advance(end))

	// Redelivery: each batch of posts seen twice.
	d = mustNew(Config{})
	var twice []Alert
	for i := 0; i < len(events); i += 100 {
		batch := events[i:min(i+100, len(events))]
		for range 2 {
			for _, e := range batch {
				d.Observe(e)
			}
		}
		twice = append(twice, d.Advance(d.MaxSeen().Add(-lateness))...)
	}
	twice = append(twice, d.Advance(end)...)
	compareAlerts(t, "redelivered", live, twice)
	if d.Stats().Duplicates != int64(len(events)) {
		t.Errorf("duplicates = %d, want %d", d.Stats().Duplicates, len(events))
	}
}

func compareAlerts(t *testing.T, name string, want, got []Alert) {
	t.Helper()
	if !reflect.DeepEqual(want, got) {
		t.Errorf("%s: %d alerts, want the %d of live order", name, len(got), len(want))
		for i := range max(len(want), len(got)) {
			if i < len(want) && i < len(got) && reflect.DeepEqual(want[i], got[i]) {
				continue
			}
			if i < len(want) {
				t.Logf("want %s %s", want[i].BucketStart, want[i].Explanation())
			}
			if i < len(got) {
				t.Logf("got  %s %s", got[i].BucketStart, got[i].Explanation())
			}
		}
	}
}
