package web

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/factdesk/factdesk/internal/audit"
)

// timelineEntry is one audit event of a case in words: who did what, when.
type timelineEntry struct {
	Action string // "case.status", for styling and tests
	Who    string
	What   string
	At     moment
}

// timelineEntry words an audit event of a case in lang.
func (h *Handler) timelineEntry(lang string, n names, e audit.Event) timelineEntry {
	t := timelineEntry{Action: e.Action, Who: n.actor(e.Actor), At: h.ago(lang, e.At)}
	str := func(k string) string { return detailString(e.Details[k]) }
	id := func(k string) int64 { v, _ := strconv.ParseInt(str(k), 10, 64); return v }
	status := func(k string) string { return h.cat.T(lang, "case.status."+str(k)) }
	switch strings.TrimPrefix(e.Action, "case.") {
	case "create":
		t.What = h.cat.T(lang, "timeline.create")
	case "status":
		t.What = h.cat.T(lang, "timeline.status", status("from"), status("to"))
		if r := str("reason"); r != "" {
			t.What += " — " + r
		}
	case "verdict":
		t.What = h.cat.T(lang, "timeline.verdict", h.cat.T(lang, "claims.verdict."+str("verdict")))
	case "assign":
		if who := id("assignee_id"); who != 0 {
			t.What = h.cat.T(lang, "timeline.assign", n.user(who))
		} else {
			t.What = h.cat.T(lang, "timeline.unassign")
		}
	case "route":
		t.What = h.cat.T(lang, "timeline.route", n.unit(id("unit_id")))
	case "escalate":
		t.What = h.cat.T(lang, "timeline.escalate", n.unit(id("unit_id")))
	case "update":
		t.What = h.cat.T(lang, "timeline.update")
		if p := str("priority"); p != "" {
			t.What = h.cat.T(lang, "timeline.priority", h.cat.T(lang, "case.priority."+p))
		}
	case "comment":
		t.What = h.cat.T(lang, "timeline.comment")
	case "evidence":
		t.What = h.cat.T(lang, "timeline.evidence")
	case "link":
		t.What = h.cat.T(lang, "timeline.link")
	case "merge_alert":
		t.What = h.cat.T(lang, "timeline.merge_alert", id("alert_id"))
	default:
		t.What = e.Action
	}
	return t
}

// detailString is a detail value of an audit event as text; numbers decoded
// from JSON print without a fraction.
func detailString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return fmt.Sprint(x)
	}
}
