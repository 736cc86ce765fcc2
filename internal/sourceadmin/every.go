package sourceadmin

import (
	"strings"
	"time"
)

// Bounds of a poll interval.
const (
	DefaultEvery = 5 * time.Minute
	MinEvery     = 30 * time.Second
	MaxEvery     = 7 * 24 * time.Hour
)

// ParseEvery reads a poll interval such as "5m", "1h30m" or "90s"; empty
// means DefaultEvery. On failure it returns a problem code and detail.
func ParseEvery(s string) (d time.Duration, code, detail string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return DefaultEvery, "", ""
	}
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		return 0, CodeEveryInvalid, quote(s)
	case d < MinEvery:
		return 0, CodeEveryTooShort, ""
	case d > MaxEvery:
		return 0, CodeEveryTooLong, ""
	}
	return d.Truncate(time.Second), "", ""
}

// FormatEvery writes an interval the way ParseEvery reads it, without
// zero units: 5m, 1h, 1h30m, 45s.
func FormatEvery(d time.Duration) string {
	s := d.Truncate(time.Second).String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func quote(s string) string {
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	return `"` + s + `"`
}
