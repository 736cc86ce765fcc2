package signal

import (
	"bytes"
	"compress/gzip"
	"encoding/gob"
	"errors"
	"fmt"
)

// snapshotVersion changes whenever the encoded state changes meaning; an
// older snapshot is then refused and the baseline rebuilt from posts.
const snapshotVersion = 1

// ErrSnapshotMismatch means a snapshot was written by another version or
// with another bucket width.
var ErrSnapshotMismatch = errors.New("signal snapshot does not match this detector")

// snapshot is the encoded state of a detector: everything but its open
// buckets, which are replayed from the store.
type snapshot struct {
	Version   int
	BucketMS  int64
	Closed    int64
	HasClosed bool
	WarmSet   bool
	WarmUntil int64
	Profile   profile
	Keys      []Key
	States    []keyState
	Stats     Stats
}

// MarshalBinary encodes the detector's baselines, hour-of-day profile and
// watermark (not its open buckets), gzip-compressed.
func (d *Detector) MarshalBinary() ([]byte, error) {
	s := snapshot{
		Version: snapshotVersion, BucketMS: d.width, Closed: d.closed, HasClosed: d.hasClosed,
		WarmSet: d.warmSet, WarmUntil: d.warmUntil, Profile: d.prof, Stats: d.stats,
		Keys: make([]Key, 0, len(d.states)), States: make([]keyState, 0, len(d.states)),
	}
	for k, st := range d.states {
		s.Keys = append(s.Keys, k)
		s.States = append(s.States, *st)
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if err != nil {
		return nil, err
	}
	if err := gob.NewEncoder(zw).Encode(&s); err != nil {
		return nil, fmt.Errorf("encode signal snapshot: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("compress signal snapshot: %w", err)
	}
	return buf.Bytes(), nil
}

// UnmarshalBinary replaces the detector's state with a snapshot written by
// MarshalBinary, dropping any open buckets. A snapshot of another version or
// bucket width is refused with ErrSnapshotMismatch.
func (d *Detector) UnmarshalBinary(data []byte) error {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("read signal snapshot: %w", err)
	}
	var s snapshot
	if err := gob.NewDecoder(zr).Decode(&s); err != nil {
		return fmt.Errorf("decode signal snapshot: %w", err)
	}
	if s.Version != snapshotVersion || s.BucketMS != d.width || len(s.Keys) != len(s.States) {
		return ErrSnapshotMismatch
	}
	d.open, d.openPosts = map[int64]*bucket{}, 0
	d.closed, d.hasClosed, d.warmSet, d.warmUntil = s.Closed, s.HasClosed, s.WarmSet, s.WarmUntil
	d.prof, d.stats, d.maxSeen = s.Profile, s.Stats, 0
	d.states = make(map[Key]*keyState, len(s.Keys))
	for i, k := range s.Keys {
		st := s.States[i]
		d.states[k] = &st
	}
	return nil
}
