package connector

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
)

// HostLimiter spaces requests to the same host by at least MinInterval, so a
// scheduler that polls many feeds on one site stays polite. It is safe for
// concurrent use.
type HostLimiter struct {
	clock clock.Clock
	min   time.Duration
	sleep func(ctx context.Context, d time.Duration) error

	mu   sync.Mutex
	next map[string]time.Time // host -> earliest time of its next request
}

// NewHostLimiter returns a limiter spacing requests per host by min on c.
func NewHostLimiter(c clock.Clock, min time.Duration) *HostLimiter {
	return &HostLimiter{clock: c, min: min, sleep: sleepCtx, next: map[string]time.Time{}}
}

// SetSleep replaces how the limiter waits (tests advance a fake clock).
func (l *HostLimiter) SetSleep(f func(ctx context.Context, d time.Duration) error) { l.sleep = f }

// Reserve books the next slot for host and returns how long to wait for it.
func (l *HostLimiter) Reserve(host string) time.Duration {
	host = strings.ToLower(host)
	now := l.clock.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	at := l.next[host]
	if at.Before(now) {
		at = now
	}
	l.next[host] = at.Add(l.min)
	if len(l.next) > 10000 {
		l.forgetLocked(now)
	}
	return at.Sub(now)
}

// Wait blocks until host may be contacted again, or ctx ends.
func (l *HostLimiter) Wait(ctx context.Context, host string) error {
	d := l.Reserve(host)
	if d <= 0 {
		return nil
	}
	return l.sleep(ctx, d)
}

// forgetLocked drops hosts whose slot has passed, bounding memory.
func (l *HostLimiter) forgetLocked(now time.Time) {
	for h, at := range l.next {
		if at.Before(now) {
			delete(l.next, h)
		}
	}
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Sleep waits d or until ctx ends, returning ctx.Err() in the latter case.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	return sleepCtx(ctx, d)
}
