package bluesky

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/factdesk/factdesk/internal/post"
)

// Event is one Jetstream message. Kind is "commit", "identity" or "account".
type Event struct {
	DID    string  `json:"did"`
	TimeUS int64   `json:"time_us"` // the cursor: microseconds since the Unix epoch
	Kind   string  `json:"kind"`
	Commit *Commit `json:"commit"`
}

// Commit is a repository change carried by a commit event.
type Commit struct {
	Rev        string          `json:"rev"`
	Operation  string          `json:"operation"` // create, update, delete
	Collection string          `json:"collection"`
	RKey       string          `json:"rkey"`
	Record     json.RawMessage `json:"record"`
	CID        string          `json:"cid"`
}

// DecodeEvent parses one Jetstream message.
func DecodeEvent(b []byte) (Event, error) {
	var ev Event
	if err := json.Unmarshal(b, &ev); err != nil {
		return Event{}, fmt.Errorf("bluesky: jetstream event: %w", err)
	}
	return ev, nil
}

// Post returns the post created by ev, or ok=false when ev is not the
// creation of an app.bsky.feed.post record. A create with a malformed
// record or identifiers is an error naming the event.
func (ev Event) Post(now time.Time) (p post.Post, ok bool, err error) {
	p, _, ok, err = ev.post(now)
	return p, ok, err
}

// post is Post that also returns all the record's languages.
func (ev Event) post(now time.Time) (post.Post, []string, bool, error) {
	c := ev.Commit
	if ev.Kind != "commit" || c == nil || c.Operation != "create" || c.Collection != PostCollection {
		return post.Post{}, nil, false, nil
	}
	if !validDID(ev.DID) || !validRKey(c.RKey) {
		return post.Post{}, nil, false, fmt.Errorf("bluesky: jetstream event at %d: bad did %q or rkey %q", ev.TimeUS, ev.DID, c.RKey)
	}
	var rec Record
	if err := json.Unmarshal(c.Record, &rec); err != nil {
		return post.Post{}, nil, false, fmt.Errorf("bluesky: jetstream post at://%s/%s/%s: %w", ev.DID, PostCollection, c.RKey, err)
	}
	p := rec.ToPost(Ref{DID: ev.DID, RKey: c.RKey}, time.UnixMicro(ev.TimeUS), now)
	if len(c.Record) <= 64<<10 {
		p.Raw = append([]byte(nil), c.Record...)
	}
	return p, rec.Langs, true, nil
}
