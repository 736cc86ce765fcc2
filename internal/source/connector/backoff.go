package connector

import (
	"math/rand/v2"
	"time"
)

// BackoffPolicy is exponential backoff with jitter: the n-th consecutive
// failure waits between half and all of min(Max, Base*2^(n-1)).
type BackoffPolicy struct {
	Base time.Duration
	Max  time.Duration
}

// Default policies: polling a source after failures, and reconnecting a stream.
var (
	PollBackoff      = BackoffPolicy{Base: time.Minute, Max: 6 * time.Hour}
	ReconnectBackoff = BackoffPolicy{Base: time.Second, Max: 2 * time.Minute}
)

// Delay returns how long to wait after failures consecutive failures
// (0 for none). rnd supplies the jitter; nil uses the global source.
func (p BackoffPolicy) Delay(failures int, rnd *rand.Rand) time.Duration {
	if failures <= 0 || p.Base <= 0 {
		return 0
	}
	d := p.Max
	if failures < 62 {
		if exp := p.Base << (failures - 1); exp > 0 && exp>>(failures-1) == p.Base && exp < p.Max {
			d = exp
		}
	}
	half := d / 2
	var j float64
	if rnd != nil {
		j = rnd.Float64()
	} else {
		j = rand.Float64()
	}
	return half + time.Duration(j*float64(d-half))
}

// Backoff is PollBackoff.Delay: how long to wait before polling a source
// again after failures consecutive failures, capped at six hours.
func Backoff(failures int, rnd *rand.Rand) time.Duration {
	return PollBackoff.Delay(failures, rnd)
}
