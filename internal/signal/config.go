package signal

import (
	"fmt"
	"time"
)

// Config tunes a [Detector]. Zero fields take the defaults (see
// [Config.WithDefaults]); they were chosen with the synthetic traffic of
// detector_test.go: fewer than one false alert per day of background,
// bursts caught in their first or second bucket.
type Config struct {
	// Bucket is the width of a time bucket (default 10 minutes). It must
	// divide a day.
	Bucket time.Duration
	// MinCount is the fewest posts of a key in one bucket that can alert
	// (default 8), and MinSources the fewest distinct sources among them
	// (default 3): quiet stories stay quiet whatever their baseline.
	MinCount, MinSources int
	// Alpha is the largest Poisson tail probability that alerts (default 1e-6).
	Alpha float64
	// Floor is the least expected count per bucket (default 0.5), so that a
	// key never seen before is not infinitely surprising.
	Floor float64
	// MinRatio is how many times the expected count a spike must reach
	// (default 2), so that a large key's small rise does not alert.
	MinRatio float64
	// HalfLife is how fast a key's baseline forgets (default 6 hours).
	HalfLife time.Duration
	// CoolDown is how long a key stays silent after it alerted (default 1 hour).
	CoolDown time.Duration
	// Warmup is how much event time a detector that starts with no baseline
	// at all learns before it may alert (default 1 hour).
	Warmup time.Duration
	// TrackMin is the count in one bucket at which a term gets a baseline of
	// its own (default 2); rarer terms are forgotten with their bucket.
	// Stories always get one.
	TrackMin int
	// MaxKeys caps the number of baselines kept (default 200,000); idle keys
	// are evicted first.
	MaxKeys int
	// IdleEvict is how long a key may go unseen before its baseline is
	// dropped (default 48 hours).
	IdleEvict time.Duration
	// StoryShare is the share of a term's posts in one story above which the
	// term alert names that story, and is left out altogether when that
	// story is itself spiking (default 0.6).
	StoryShare float64
	// MaxDispersion caps the over-dispersion factor (default 4).
	MaxDispersion float64
}

// WithDefaults returns c with zero fields set to the defaults.
func (c Config) WithDefaults() Config {
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	defInt := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	defDur(&c.Bucket, 10*time.Minute)
	defInt(&c.MinCount, 8)
	defInt(&c.MinSources, 3)
	def(&c.Alpha, 1e-6)
	def(&c.Floor, 0.5)
	def(&c.MinRatio, 2)
	defDur(&c.HalfLife, 6*time.Hour)
	defDur(&c.CoolDown, time.Hour)
	defDur(&c.Warmup, time.Hour)
	defInt(&c.TrackMin, 2)
	defInt(&c.MaxKeys, 200_000)
	defDur(&c.IdleEvict, 48*time.Hour)
	def(&c.StoryShare, 0.6)
	def(&c.MaxDispersion, 4)
	return c
}

// Validate reports the first field out of range, after defaults.
func (c Config) Validate() error {
	c = c.WithDefaults()
	switch {
	case c.Bucket < time.Minute || (24*time.Hour)%c.Bucket != 0 || c.Bucket%time.Millisecond != 0:
		return fmt.Errorf("signal bucket %v: want at least a minute, dividing a day", c.Bucket)
	case c.MinCount < 1 || c.MinSources < 1:
		return fmt.Errorf("signal minimum count %d and sources %d: want at least 1", c.MinCount, c.MinSources)
	case !(c.Alpha > 0 && c.Alpha < 1):
		return fmt.Errorf("signal alpha %v: want a probability in (0, 1)", c.Alpha)
	case c.Floor <= 0 || c.MinRatio < 1:
		return fmt.Errorf("signal floor %v and ratio %v: want floor > 0 and ratio >= 1", c.Floor, c.MinRatio)
	case c.HalfLife < c.Bucket || c.CoolDown < 0 || c.Warmup < 0 || c.IdleEvict < c.Bucket:
		return fmt.Errorf("signal half-life %v, cool-down %v, warm-up %v, idle eviction %v: out of range", c.HalfLife, c.CoolDown, c.Warmup, c.IdleEvict)
	case c.TrackMin < 1 || c.MaxKeys < 1:
		return fmt.Errorf("signal track minimum %d and key cap %d: want at least 1", c.TrackMin, c.MaxKeys)
	case !(c.StoryShare > 0 && c.StoryShare <= 1) || c.MaxDispersion < 1:
		return fmt.Errorf("signal story share %v and dispersion cap %v: out of range", c.StoryShare, c.MaxDispersion)
	}
	return nil
}

// buckets returns d in whole buckets, rounded up.
func (c Config) buckets(d time.Duration) int64 {
	return int64((d + c.Bucket - 1) / c.Bucket)
}
