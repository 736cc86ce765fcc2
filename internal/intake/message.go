package intake

import (
	"encoding/json"
	"fmt"

	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
)

// message is one post on the intake queue.
type message struct {
	Post  post.Post `json:"post"`
	Raw   []byte    `json:"raw,omitempty"`
	Batch string    `json:"batch,omitempty"` // where to report the outcome ("" for none)
	Seq   int       `json:"seq"`             // the record's place in its batch
	// Normalized says the sender already ran Normalize, so the writer
	// need not run it again.
	Normalized bool `json:"normalized,omitempty"`
}

func encodeMessage(p post.Post, batch string, seq int, normalized bool) ([]byte, error) {
	raw := p.Raw
	if len(raw) > store.MaxRawBytes {
		raw = raw[:store.MaxRawBytes]
	}
	b, err := json.Marshal(message{Post: p, Raw: raw, Batch: batch, Seq: seq, Normalized: normalized})
	if err != nil {
		return nil, fmt.Errorf("encode post %s: %w", p.ExternalID, err)
	}
	return b, nil
}

func decodeMessage(b []byte) (message, error) {
	var m message
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("decode queued post: %w", err)
	}
	m.Post.Raw = m.Raw
	return m, nil
}

// Outcome is what happened to one record of a batch.
type Outcome struct {
	Seq    int    `json:"seq"`
	Status string `json:"status"` // imported, updated, duplicate, rejected
	ID     int64  `json:"id,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// Statuses of an Outcome beyond the store's.
const StatusRejected = "rejected"

// msgID is the JetStream de-duplication id of a post.
func msgID(p post.Post) string {
	return fmt.Sprintf("%d:%s:%s", p.SourceID, p.ExternalID, p.ContentHash)
}
