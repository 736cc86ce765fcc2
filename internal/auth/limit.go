package auth

import (
	"sync"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
)

// Limiter counts failed login attempts per key (an IP address or an account)
// in a sliding window and refuses further attempts past a maximum.
type Limiter struct {
	mu     sync.Mutex
	clock  clock.Clock
	max    int
	window time.Duration
	hits   map[string][]time.Time
}

// NewLimiter allows max failures per key within window.
func NewLimiter(c clock.Clock, max int, window time.Duration) *Limiter {
	return &Limiter{clock: c, max: max, window: window, hits: make(map[string][]time.Time)}
}

// Allow reports whether key may try again, and if not, how long to wait.
func (l *Limiter) Allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	h := l.prune(key, now)
	if len(h) < l.max {
		return true, 0
	}
	return false, h[0].Add(l.window).Sub(now)
}

// Fail records a failed attempt for key.
func (l *Limiter) Fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	l.hits[key] = append(l.prune(key, now), now)
	if len(l.hits) > 100_000 { // bound memory under a spray of keys
		for k := range l.hits {
			if len(l.prune(k, now)) == 0 {
				delete(l.hits, k)
			}
		}
	}
}

// Reset forgets key's failures (after a successful login).
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	delete(l.hits, key)
	l.mu.Unlock()
}

func (l *Limiter) prune(key string, now time.Time) []time.Time {
	h := l.hits[key]
	i := 0
	for i < len(h) && now.Sub(h[i]) >= l.window {
		i++
	}
	h = h[i:]
	if len(h) == 0 {
		delete(l.hits, key)
		return nil
	}
	l.hits[key] = h
	return h
}
