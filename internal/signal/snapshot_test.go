package signal

import (
	"errors"
	"testing"
	"time"
)

// TestSnapshotResumes: a detector stopped half way and restored from its
// snapshot (its open buckets replayed) raises the alerts of one that ran
// through.
func TestSnapshotResumes(t *testing.T) {
	events, end := scenario()
	const lateness = 10 * time.Minute
	want := runLive(mustNew(Config{}), events, lateness, end)

	half := len(events) / 2
	d := mustNew(Config{})
	got := runLive(d, events[:half], lateness, time.Time{})
	blob, err := d.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	wm := d.Watermark()
	d2 := mustNew(Config{})
	if err := d2.UnmarshalBinary(blob); err != nil {
		t.Fatal(err)
	}
	if !d2.Watermark().Equal(wm) || d2.Stats().Keys != d.Stats().Keys {
		t.Fatalf("restored watermark %v keys %d, want %v %d", d2.Watermark(), d2.Stats().Keys, wm, d.Stats().Keys)
	}
	// Replay what the store holds from the watermark on, then go on live.
	var rest []Event
	for _, e := range events {
		if !e.At.Before(wm) {
			rest = append(rest, e)
		}
	}
	got = append(got, runLive(d2, rest, lateness, end)...)
	compareAlerts(t, "restored", want, got)
	t.Logf("snapshot of %d baselines: %d bytes", d.Stats().Keys, len(blob))

	other := mustNew(Config{Bucket: 5 * time.Minute})
	if err := other.UnmarshalBinary(blob); !errors.Is(err, ErrSnapshotMismatch) {
		t.Errorf("bucket width mismatch: %v", err)
	}
}
