package signal

import (
	"cmp"
	"math"
	"slices"
)

// close tests every key of bucket b against its baseline, then folds the
// bucket into the baselines and the hour-of-day profile.
func (d *Detector) close(b *bucket) []Alert {
	d.openPosts -= b.total
	d.lastSize = [2]int{len(b.posts), len(b.cells)}
	d.stats.Closed++
	if !d.warmSet {
		d.warmSet, d.warmUntil = true, b.n+d.warm-1
	}
	var alerts []Alert
	hot := map[int64]bool{} // stories spiking now or resting after a spike
	var terms []Key
	for k, c := range b.cells {
		if k.Story == 0 {
			terms = append(terms, k)
			continue
		}
		a, resting, _ := d.test(b, k, c, test{})
		if a != nil {
			alerts = append(alerts, *a)
		}
		if a != nil || resting {
			hot[k.Story] = true
		}
	}
	for _, k := range terms {
		c := b.cells[k]
		story, n := c.stories.top()
		share := float64(n) / float64(c.count)
		if share < d.cfg.StoryShare {
			story, share = 0, 0
		}
		// A term spiking only because a spiking story uses it says nothing
		// new: it is tested on its posts outside the spiking stories.
		var explained int32
		for id := range hot {
			explained += c.stories.count(id)
		}
		a, _, held := d.test(b, k, c, test{story: story, share: share, explained: explained})
		if held {
			d.stats.Suppressed++
		}
		if a != nil {
			alerts = append(alerts, *a)
		}
	}
	d.stats.Alerts += int64(len(alerts))
	d.prof.fold(b.n, float64(b.total), d.perDay)
	if len(d.states) > d.cfg.MaxKeys || b.n%d.perDay == 0 {
		d.evict(b.n)
	}
	return alerts
}

// test is what a term's test needs to know of the stories in its bucket.
type test struct {
	story     int64   // the story most of the term's posts belong to, if over StoryShare
	share     float64 // its share
	explained int32   // the term's posts in stories that are spiking or resting after a spike
}

// test checks one key of bucket b and folds its count into the key's
// baseline. It returns the alert, if any, whether the key is resting after
// an earlier alert, and whether an alert was held back because spiking
// stories explain it.
func (d *Detector) test(b *bucket, k Key, c *cell, t test) (alert *Alert, resting, held bool) {
	st := d.states[k]
	if st == nil {
		if k.Story == 0 && int(c.count) < min(d.cfg.TrackMin, d.cfg.MinCount) {
			return nil, false, false
		}
		st = &keyState{Last: b.n - 1, First: b.n, Disp: 1, Rest: math.MinInt64}
		d.states[k] = st
	}
	st.decayTo(b.n-1, d)
	others := float64(b.total-int(c.count)) + 1
	mu, phi, sd := st.expect(others, d)
	resting = b.n <= st.Rest
	if int(c.count) >= d.cfg.MinCount && c.sources.len() >= d.cfg.MinSources && b.n > d.warmUntil && !resting {
		lambda := math.Max(mu, d.cfg.Floor)
		spikes := func(n float64) (bool, float64) {
			if n < d.cfg.MinRatio*lambda {
				return false, 0
			}
			lp := poissonTail(n/phi, lambda/phi)
			return lp < d.logA, lp
		}
		if ok, lp := spikes(float64(c.count)); ok {
			if ok, _ := spikes(float64(c.count - t.explained)); ok || t.explained == 0 {
				alert = d.alert(b, k, c, st, details{mu, sd, phi, lp, lambda, t.story, t.share})
				st.Rest = b.n + d.cool
			} else {
				held = true
			}
		}
	}
	st.fold(float64(c.count), others, d)
	st.Last = b.n
	return alert, resting, held
}

// details are the figures of a test, for the alert.
type details struct {
	mu, sd, phi, log10p, lambda float64
	story                       int64
	share                       float64
}

func (d *Detector) alert(b *bucket, k Key, c *cell, st *keyState, f details) *Alert {
	a := &Alert{Kind: KindSpikeTerm, Key: k, StoryID: f.story, BucketStart: d.startOf(b.n), At: timeMS(c.at)}
	dt := Details{
		Term: k.Term, Story: f.story, StoryShare: round(f.share, 3),
		Count: int(c.count), Sources: c.sources.len(),
		Expected: round(f.mu, 2), StdDev: round(f.sd, 2),
		PValue: math.Pow(10, f.log10p), Surprise: round(-f.log10p, 2),
		Ratio: round(float64(c.count)/f.lambda, 2), Dispersion: round(f.phi, 2),
		Traffic: b.total, HourFactor: round(d.prof.hourFactor(b.n, d.perDay), 2),
		BucketStart: a.BucketStart, BucketMinutes: int(d.cfg.Bucket.Minutes()),
	}
	if k.Story != 0 {
		a.Kind, a.StoryID, dt.Story = KindSpikeStory, k.Story, k.Story
		if st.First >= b.n-1 {
			a.Kind, dt.New = KindNewStory, true
		}
	}
	dt.Kind = a.Kind
	a.Details = dt
	return a
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

// evict drops the baselines of keys idle for longer than IdleEvict, then,
// while more than MaxKeys remain, those seen least recently (the smallest
// first on a tie), down to nine tenths of the cap.
func (d *Detector) evict(n int64) {
	for k, st := range d.states {
		if n-st.Last > d.idle && n > st.Rest {
			delete(d.states, k)
			d.stats.Evicted++
		}
	}
	if len(d.states) <= d.cfg.MaxKeys {
		return
	}
	type entry struct {
		k  Key
		st *keyState
	}
	all := make([]entry, 0, len(d.states))
	for k, st := range d.states {
		all = append(all, entry{k, st})
	}
	slices.SortFunc(all, func(a, b entry) int {
		if c := cmp.Compare(a.st.Last, b.st.Last); c != 0 {
			return c
		}
		if c := cmp.Compare(a.st.Level, b.st.Level); c != 0 {
			return c
		}
		return cmp.Compare(a.k.String(), b.k.String())
	})
	drop := len(all) - d.cfg.MaxKeys*9/10
	for _, e := range all[:drop] {
		delete(d.states, e.k)
	}
	d.stats.Evicted += int64(drop)
}
