package signal

import "math"

// The baseline of a key is its share of the traffic: an exponentially
// weighted mean, per bucket, of the key's count over the other posts of the
// bucket (plus one). Its expected count in a bucket is that share times the
// bucket's other posts. So the hour of day, the day of the week, a source
// added or gone quiet move every key's expectation together and raise no
// alert, while a key that outgrows the rest does; and a key that is all the
// traffic falls back to a plain mean count.
//
// The traffic itself is learned per hour of day (profile): it stands in for
// the buckets a key was not seen in, whose volume is no longer at hand, and
// it tells the desk how busy the hour usually is.

// profile learns the posts per bucket for each hour of day (UTC).
type profile struct {
	Mean [24]float64 // posts per bucket in each hour of day
	N    [24]int32   // buckets folded into each hour, capped
	Last int64       // last bucket folded in; 0 before the first
}

const (
	profileAlpha  = 0.05 // per bucket of that hour: about three days of memory
	profileMinN   = 6    // buckets of an hour (one day) before its factor is shown
	profileMaxGap = 7 * 24 * 6
)

// fold adds the total posts of bucket n, after zero buckets for any gap
// since the last one.
func (p *profile) fold(n int64, total float64, perDay int64) {
	if p.Last != 0 && n > p.Last+1 {
		for j := max(p.Last+1, n-profileMaxGap); j < n; j++ {
			p.add(hourOf(j, perDay), 0)
		}
	}
	p.add(hourOf(n, perDay), total)
	p.Last = n
}

func (p *profile) add(h int, x float64) {
	if p.N[h] < maxN {
		p.N[h]++
	}
	p.Mean[h] += math.Max(profileAlpha, 1/float64(p.N[h])) * (x - p.Mean[h])
}

// volume is the usual posts per bucket in the hour of bucket n: the hour's
// mean, or the mean of the hours seen so far.
func (p *profile) volume(n, perDay int64) float64 {
	if h := hourOf(n, perDay); p.N[h] > 0 {
		return p.Mean[h]
	}
	var sum float64
	var hours int
	for h := range p.Mean {
		if p.N[h] > 0 {
			sum += p.Mean[h]
			hours++
		}
	}
	if hours == 0 {
		return 0
	}
	return sum / float64(hours)
}

// hourFactor is the usual traffic of the hour of bucket n relative to the
// mean over the day, or 0 until every hour has been seen for a day.
func (p *profile) hourFactor(n, perDay int64) float64 {
	var sum float64
	for h := range p.Mean {
		if p.N[h] < profileMinN {
			return 0
		}
		sum += p.Mean[h]
	}
	if sum <= 0 {
		return 0
	}
	return p.Mean[hourOf(n, perDay)] / (sum / 24)
}

// hourOf is the hour of day (UTC) of bucket n.
func hourOf(n, perDay int64) int {
	i := n % perDay
	if i < 0 {
		i += perDay
	}
	return int(i * 24 / perDay)
}

// keyState is the baseline of one key.
type keyState struct {
	Level float64 // share: mean of count / (other posts + 1) per bucket
	Disp  float64 // mean squared Pearson residual: over-dispersion, 1 for Poisson
	N     int32   // buckets folded in since first seen, capped
	Last  int64   // last bucket folded in
	First int64   // first bucket the key was seen in
	Rest  int64   // no alert up to and including this bucket (cool-down)
}

// decayExact is how many zero buckets are folded one by one when a key
// comes back after a gap; the rest of a longer gap is folded in closed form
// (a level that has decayed that far leaves residuals of almost nothing).
const decayExact = 48

// maxN caps the observation counters.
const maxN = 1 << 30

// residualCap winsorises one bucket's squared residual, so that a spike
// does not make the key deaf for hours.
const residualCap = 25

// decayTo folds zero counts for the buckets after Last up to and including
// n, each with the usual volume of its hour.
func (s *keyState) decayTo(n int64, d *Detector) {
	gap := n - s.Last
	if gap <= 0 {
		return
	}
	exact := min(gap, decayExact)
	for j := s.Last + 1; j <= s.Last+exact; j++ {
		s.fold(0, d.prof.volume(j, d.perDay)+1, d)
	}
	if rest := gap - exact; rest > 0 {
		// While N < 1/alpha the level is a running mean; then an EWMA.
		if run := int64(1/d.alpha) - int64(s.N); run > 0 {
			k := min(rest, run)
			s.Level *= float64(s.N) / float64(int64(s.N)+k)
			s.N += int32(k)
			s.Disp *= math.Pow(1-d.alpha, float64(k))
			rest -= k
		}
		decay := math.Pow(1-d.alpha, float64(rest))
		s.Level *= decay
		s.Disp *= decay
		s.N = int32(min(int64(s.N)+rest, maxN))
	}
	s.Last = n
}

// fold adds count c of a bucket with others+1 posts of other keys.
func (s *keyState) fold(c, others float64, d *Detector) {
	if s.N < maxN {
		s.N++
	}
	a := math.Max(d.alpha, 1/float64(s.N))
	if s.N > 2 {
		mu := s.Level * others
		r := (c - mu) * (c - mu) / math.Max(mu, d.cfg.Floor)
		s.Disp += d.alpha * (math.Min(r, residualCap) - s.Disp)
	}
	s.Level += a * (c/others - s.Level)
}

// expect returns the expected count of a bucket with others+1 posts of other
// keys, the over-dispersion factor and the usual spread, in posts.
func (s *keyState) expect(others float64, d *Detector) (mu, phi, sd float64) {
	mu = s.Level * others
	phi = math.Min(math.Max(s.Disp, 1), d.cfg.MaxDispersion)
	sd = math.Sqrt(phi * math.Max(mu, d.cfg.Floor))
	return mu, phi, sd
}
