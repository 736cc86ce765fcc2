// Package clock is the only source of time in factdesk. Production code uses
// Real, tests use Fake, and drills use Scaled, so that every time-dependent
// decision can be replayed deterministically.
package clock

import (
	"sync"
	"time"
)

// Clock tells the time. Nothing outside this package and main calls time.Now.
type Clock interface {
	Now() time.Time
}

// Real is the wall clock.
type Real struct{}

// Now returns the current wall-clock time.
func (Real) Now() time.Time { return time.Now() }

// Since returns the time elapsed since t on c.
func Since(c Clock, t time.Time) time.Duration { return c.Now().Sub(t) }

// Fake is a clock for tests: it stands still until told to move.
// The zero value is not usable; call NewFake.
type Fake struct {
	mu  sync.Mutex
	now time.Time
}

// NewFake returns a fake clock set to t.
func NewFake(t time.Time) *Fake { return &Fake{now: t} }

// Now returns the fake time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// Set moves the clock to t.
func (f *Fake) Set(t time.Time) {
	f.mu.Lock()
	f.now = t
	f.mu.Unlock()
}

// Advance moves the clock forward by d.
func (f *Fake) Advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
}

// Scaled runs faster (or slower) than its base clock: from the moment it is
// made, each second of the base clock is Factor seconds of scaled time.
// Drills use it to replay an outbreak in accelerated time.
type Scaled struct {
	mu     sync.Mutex
	base   Clock
	origin time.Time // base time when scaling (re)started
	start  time.Time // scaled time at origin
	factor float64
	paused bool
}

// NewScaled returns a clock that reads start at the current base time and then
// advances factor times as fast as base.
func NewScaled(base Clock, start time.Time, factor float64) *Scaled {
	return &Scaled{base: base, origin: base.Now(), start: start, factor: factor}
}

// Now returns the scaled time.
func (s *Scaled) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nowLocked()
}

func (s *Scaled) nowLocked() time.Time {
	if s.paused {
		return s.start
	}
	elapsed := s.base.Now().Sub(s.origin)
	return s.start.Add(time.Duration(float64(elapsed) * s.factor))
}

// Pause stops the scaled clock until Resume.
func (s *Scaled) Pause() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.paused {
		s.start = s.nowLocked()
		s.paused = true
	}
}

// Resume restarts a paused clock from where it stopped.
func (s *Scaled) Resume() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.paused {
		s.origin = s.base.Now()
		s.paused = false
	}
}

// SetFactor changes the speed from now on without a jump in time.
func (s *Scaled) SetFactor(factor float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.start = s.nowLocked()
	s.origin = s.base.Now()
	s.factor = factor
}
