package signal

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// t0 is a Monday midnight UTC: simulations start here.
var t0 = time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)

// traffic generates synthetic background posts: stories with steady rates
// (log-uniform, 0.05 to 10 posts per 10 minutes), shaped by a day curve
// (busiest in the afternoon, quietest before dawn, peak/trough about 5), each post
// carrying its story's own terms and a few common ones drawn from a Zipf
// law over the vocabulary.
type traffic struct {
	r       *rand.Rand
	stories []simStory
	vocab   int
	zipf    *rand.Zipf
	sources int
	nextID  int64
}

type simStory struct {
	id    int64
	rate  float64 // posts per 10 minutes at the mean of the day
	terms []string
}

func newTraffic(seed uint64, stories, vocab int) *traffic {
	r := rand.New(rand.NewPCG(seed, seed^0x5eed))
	tr := &traffic{r: r, vocab: vocab, sources: 400, zipf: rand.NewZipf(r, 1.1, 2, uint64(vocab-1))}
	for i := range stories {
		s := simStory{id: int64(1000 + i), rate: math.Exp(math.Log(0.05) + r.Float64()*math.Log(10/0.05))}
		for range 4 {
			s.terms = append(s.terms, tr.term())
		}
		tr.stories = append(tr.stories, s)
	}
	return tr
}

func (tr *traffic) term() string { return fmt.Sprintf("w%d", tr.zipf.Uint64()) }

// dayCurve is the traffic at hour h relative to the daily mean.
func dayCurve(at time.Time) float64 {
	h := float64(at.Hour()) + float64(at.Minute())/60
	return 1 + 0.65*math.Sin(2*math.Pi*(h-9)/24)
}

// poisson draws from Poisson(lambda) by inversion (lambda here is small).
func poisson(r *rand.Rand, lambda float64) int {
	if lambda > 60 {
		return max(0, int(math.Round(lambda+math.Sqrt(lambda)*r.NormFloat64())))
	}
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// background returns the posts of [from, to), in time order.
func (tr *traffic) background(from, to time.Time) []Event {
	var out []Event
	step := 10 * time.Minute
	for b := from; b.Before(to); b = b.Add(step) {
		curve := dayCurve(b.Add(step / 2))
		for _, s := range tr.stories {
			for range poisson(tr.r, s.rate*curve) {
				out = append(out, tr.post(s, b.Add(time.Duration(tr.r.Int64N(int64(step))))))
			}
		}
	}
	sortEvents(out)
	return out
}

// post makes one post of story s at t.
func (tr *traffic) post(s simStory, at time.Time) Event {
	tr.nextID++
	e := Event{PostID: tr.nextID, StoryID: s.id, Source: uint64(tr.r.IntN(tr.sources) + 1), At: at}
	for _, t := range s.terms {
		if tr.r.Float64() < 0.7 {
			e.Terms = append(e.Terms, t)
		}
	}
	for range 2 {
		e.Terms = append(e.Terms, tr.term())
	}
	slices.Sort(e.Terms)
	e.Terms = slices.Compact(e.Terms)
	return e
}

// burst returns n posts of a story over d from start, from many sources.
func (tr *traffic) burst(s simStory, start time.Time, d time.Duration, n int) []Event {
	out := make([]Event, n)
	for i := range out {
		out[i] = tr.post(s, start.Add(time.Duration(tr.r.Int64N(int64(d)))))
	}
	sortEvents(out)
	return out
}

func sortEvents(es []Event) {
	slices.SortStableFunc(es, func(a, b Event) int { return a.At.Compare(b.At) })
}

// runLive feeds events in order, moving the watermark to the latest event
// time less lateness after every event, then closes everything.
func runLive(d *Detector, events []Event, lateness time.Duration, end time.Time) []Alert {
	var alerts []Alert
	for i, e := range events {
		d.Observe(e)
		if i%50 == 49 || i == len(events)-1 {
			alerts = append(alerts, d.Advance(d.MaxSeen().Add(-lateness))...)
		}
	}
	return append(alerts, d.Advance(end)...)
}

func mustNew(cfg Config) *Detector {
	d, err := New(cfg)
	if err != nil {
		panic(err)
	}
	return d
}
