package connector

import "encoding/json"

// MaxRaw is the cap on Post.Raw.
const MaxRaw = 64 << 10

// CapRaw marshals v as JSON for Post.Raw. When the JSON is larger than MaxRaw
// it tries smaller (a fallback value, e.g. without content), and otherwise
// keeps nothing: Raw is always valid JSON or empty, never cut mid-value.
// The bool reports whether anything was dropped.
func CapRaw(v any, smaller func() any) ([]byte, bool) {
	b, err := json.Marshal(v)
	if err == nil && len(b) <= MaxRaw {
		return b, false
	}
	if smaller != nil {
		if b, err := json.Marshal(smaller()); err == nil && len(b) <= MaxRaw {
			return b, true
		}
	}
	return nil, true
}

// CapRawBytes returns raw when it fits MaxRaw, else nil and true.
func CapRawBytes(raw []byte) ([]byte, bool) {
	if len(raw) <= MaxRaw {
		return append([]byte(nil), raw...), false
	}
	return nil, true
}
