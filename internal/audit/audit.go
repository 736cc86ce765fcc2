// Package audit defines the append-only record of every change of state.
// Each event carries the hash of the one before it, so that any edit or
// deletion of history breaks the chain and is detected by Verify.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Event is one entry of the audit log.
type Event struct {
	ID         int64          `json:"id"`
	At         time.Time      `json:"at"`
	Actor      string         `json:"actor"`       // "user:12", "token:3", "cli", "system"
	Action     string         `json:"action"`      // "unit.create", "user.passwd", ...
	ObjectType string         `json:"object_type"` // "unit", "user", ...
	ObjectID   string         `json:"object_id"`
	UnitID     int64          `json:"unit_id,omitempty"` // the unit whose scope the object is in, if any
	Details    map[string]any `json:"details,omitempty"`
	PrevHash   string         `json:"prev_hash"`
	Hash       string         `json:"hash"`
}

// GenesisHash is the PrevHash of the first event.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// ComputeHash returns the hash of e chained to e.PrevHash. Details are
// encoded as JSON with sorted keys (encoding/json sorts map keys), so the
// hash is stable across processes and databases.
func ComputeHash(e Event, details string) string {
	h := sha256.New()
	for _, s := range []string{
		e.PrevHash,
		strconv.FormatInt(e.At.UnixMilli(), 10),
		e.Actor, e.Action, e.ObjectType, e.ObjectID,
		strconv.FormatInt(e.UnitID, 10),
		details,
	} {
		fmt.Fprintf(h, "%d:%s;", len(s), s)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// EncodeDetails encodes details canonically ("{}" when empty).
func EncodeDetails(d map[string]any) (string, error) {
	if len(d) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("encode audit details: %w", err)
	}
	return string(b), nil
}

// Verify checks a run of events in id order: each must chain to the one
// before it and carry its own correct hash. It returns the id of the first
// broken event, or 0.
func Verify(events []Event, rawDetails []string, prev string) (int64, error) {
	for i, e := range events {
		if e.PrevHash != prev {
			return e.ID, fmt.Errorf("audit event %d: chain broken (prev hash %s, want %s)", e.ID, e.PrevHash, prev)
		}
		if want := ComputeHash(e, rawDetails[i]); e.Hash != want {
			return e.ID, fmt.Errorf("audit event %d: content does not match its hash", e.ID)
		}
		prev = e.Hash
	}
	return 0, nil
}
