package signal

import (
	"hash/fnv"
	"strconv"
	"strings"
)

// Key names what is counted: a story (Story != 0) or a folded term.
type Key struct {
	Story int64
	Term  string
}

// StoryKey is the key of a story.
func StoryKey(id int64) Key { return Key{Story: id} }

// TermKey is the key of a folded term ("thuy dien", "vaccine").
func TermKey(term string) Key { return Key{Term: term} }

// String renders the key as stored in alerts: "story:12" or "term:thuy dien".
func (k Key) String() string {
	if k.Story != 0 {
		return "story:" + strconv.FormatInt(k.Story, 10)
	}
	return "term:" + k.Term
}

// ParseKey reads a key written by [Key.String].
func ParseKey(s string) (Key, bool) {
	if rest, ok := strings.CutPrefix(s, "story:"); ok {
		id, err := strconv.ParseInt(rest, 10, 64)
		return Key{Story: id}, err == nil && id != 0
	}
	if rest, ok := strings.CutPrefix(s, "term:"); ok && rest != "" {
		return Key{Term: rest}, true
	}
	return Key{}, false
}

// SourceKey identifies where a post came from, for counting distinct
// sources: the source alone, or the source and the public handle that
// posted when there is one (one exported file or one timeline carries many
// posters). Only the count of distinct keys is ever kept or shown; handles
// are not stored.
func SourceKey(sourceID int64, handle string) uint64 {
	handle = strings.ToLower(strings.TrimSpace(handle))
	if handle == "" {
		return uint64(sourceID)
	}
	h := fnv.New64a()
	var b [8]byte
	for i := range b {
		b[i] = byte(sourceID >> (8 * i))
	}
	h.Write(b[:])
	h.Write([]byte(handle))
	return h.Sum64() | 1<<63 // never equal to a bare source id
}
