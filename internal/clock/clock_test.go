package clock

import (
	"testing"
	"time"
)

func TestFakeAdvance(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	f := NewFake(t0)
	f.Advance(90 * time.Second)
	if got, want := f.Now(), t0.Add(90*time.Second); !got.Equal(want) {
		t.Fatalf("Now = %v, want %v", got, want)
	}
	if d := Since(f, t0); d != 90*time.Second {
		t.Fatalf("Since = %v", d)
	}
}

func TestScaled(t *testing.T) {
	base := NewFake(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	start := time.Date(2020, 5, 5, 8, 0, 0, 0, time.UTC)
	s := NewScaled(base, start, 30)
	base.Advance(time.Minute)
	if got, want := s.Now(), start.Add(30*time.Minute); !got.Equal(want) {
		t.Fatalf("after 1m at x30: %v, want %v", got, want)
	}
	s.Pause()
	base.Advance(time.Hour)
	if got, want := s.Now(), start.Add(30*time.Minute); !got.Equal(want) {
		t.Fatalf("paused clock moved: %v", got)
	}
	s.Resume()
	s.SetFactor(2)
	base.Advance(time.Minute)
	if got, want := s.Now(), start.Add(32*time.Minute); !got.Equal(want) {
		t.Fatalf("after resume at x2: %v, want %v", got, want)
	}
}
