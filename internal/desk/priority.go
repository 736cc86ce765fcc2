package desk

import (
	"fmt"
	"math"
	"time"
)

// Priority is how soon a case needs an answer.
type Priority string

// Priorities, from least to most pressing.
const (
	Low    Priority = "low"
	Normal Priority = "normal"
	High   Priority = "high"
	Urgent Priority = "urgent"
)

// Priorities lists them in ascending order.
var Priorities = []Priority{Low, Normal, High, Urgent}

// ParsePriority validates a priority name.
func ParsePriority(s string) (Priority, bool) {
	for _, p := range Priorities {
		if string(p) == s {
			return p, true
		}
	}
	return "", false
}

// SLA is how long a case of each priority may take to reach a verdict.
var SLA = map[Priority]time.Duration{
	Urgent: 2 * time.Hour,
	High:   8 * time.Hour,
	Normal: 24 * time.Hour,
	Low:    72 * time.Hour,
}

// DueAt is the due time of a case of priority p opened at t.
func DueAt(p Priority, t time.Time) time.Time { return t.Add(SLA[p]) }

// Signals are what the priority is computed from.
type Signals struct {
	Posts        int     // posts linked, directly or through stories
	Sources      int     // distinct sources among them
	Growth       float64 // strongest alert score among linked alerts (-log10 p of a spike)
	KnownFalse   bool    // a linked claim or a matched alert is rated false or misleading
	PlaceMatched bool    // routing found a place name of a unit in the posts
}

// Prioritise turns signals into a score out of 100, a priority and the
// reasons a person reads next to it.
func Prioritise(s Signals) (Priority, float64, []string) {
	var score float64
	var reasons []string
	if s.Posts > 0 {
		reach := math.Min(30, 10*math.Log10(1+float64(s.Posts))+3*math.Log2(1+float64(s.Sources)))
		score += reach
		reasons = append(reasons, fmt.Sprintf("reach: %s from %s (+%.0f)", plural(s.Posts, "post"), plural(s.Sources, "source"), reach))
	}
	if s.Growth > 0 {
		g := math.Min(30, 3*s.Growth)
		score += g
		reasons = append(reasons, fmt.Sprintf("growth: alert score %.1f (+%.0f)", s.Growth, g))
	}
	if s.KnownFalse {
		score += 35
		reasons = append(reasons, "matches a claim already rated false or misleading (+35)")
	}
	if s.PlaceMatched {
		score += 10
		reasons = append(reasons, "names a place in the organisation (+10)")
	}
	score = math.Round(math.Min(100, score))
	p := Low
	switch {
	case score >= 70:
		p = Urgent
	case score >= 45:
		p = High
	case score >= 20:
		p = Normal
	}
	if len(reasons) == 0 {
		reasons = append(reasons, "no signal yet")
	}
	return p, score, reasons
}
