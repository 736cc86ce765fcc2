package report

import (
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/store"
)

// Unit names the unit a situation covers.
type Unit struct {
	ID   int64  `json:"id"`             // 0 for the whole organisation
	Name string `json:"name"`           // "" for the whole organisation
	Path string `json:"path,omitempty"` // "Thành phố Đà Nẵng › Quận Hải Châu"
}

// resolve turns a unit id into the unit and the store scope: the unit and
// every unit below it, plus the records no unit owns when it is a root.
// Unit 0 is the only root when there is one, else the whole organisation.
func resolve(units []auth.Unit, id int64) (Unit, store.ReportScope, error) {
	var roots []auth.Unit
	for _, u := range units {
		if u.ParentID == 0 {
			roots = append(roots, u)
		}
	}
	if id == 0 {
		if len(roots) != 1 {
			return Unit{}, store.ReportScope{All: true}, nil
		}
		id = roots[0].ID
	}
	byID := make(map[int64]auth.Unit, len(units))
	children := map[int64][]int64{}
	for _, u := range units {
		byID[u.ID] = u
		children[u.ParentID] = append(children[u.ParentID], u.ID)
	}
	u, ok := byID[id]
	if !ok {
		return Unit{}, store.ReportScope{}, apperr.Errorf(apperr.NotFound, "There is no unit %d.", id)
	}
	// The only root covers every record: no filter at all, which lets the
	// store use its plainest indexes.
	sc := store.ReportScope{Unowned: u.ParentID == 0, All: u.ParentID == 0 && len(roots) == 1}
	stack := []int64{id}
	seen := map[int64]bool{}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[n] {
			continue
		}
		seen[n] = true
		sc.Units = append(sc.Units, n)
		stack = append(stack, children[n]...)
	}
	return Unit{ID: u.ID, Name: u.Name, Path: UnitPath(byID, u.ID)}, sc, nil
}

// UnitPath names a unit with its ancestors, root first.
func UnitPath(byID map[int64]auth.Unit, id int64) string {
	var names []string
	seen := map[int64]bool{}
	for id != 0 && !seen[id] {
		seen[id] = true
		u, ok := byID[id]
		if !ok {
			break
		}
		names = append([]string{u.Name}, names...)
		id = u.ParentID
	}
	return strings.Join(names, " › ")
}

// bucket is the width of the time buckets of the charts.
type bucket struct {
	name  string // "hour", "day", "week"
	width time.Duration
}

// bucketFor picks hours up to two days, days up to about three months and
// weeks beyond.
func bucketFor(span time.Duration) bucket {
	switch {
	case span <= 48*time.Hour:
		return bucket{"hour", time.Hour}
	case span <= 92*24*time.Hour:
		return bucket{"day", 24 * time.Hour}
	default:
		return bucket{"week", 7 * 24 * time.Hour}
	}
}

// bucketAxis lists the start of every bucket from from up to to, and its
// label in loc.
func bucketAxis(from, to time.Time, b bucket, loc *time.Location) ([]time.Time, []string) {
	var starts []time.Time
	var labels []string
	for t := from; t.Before(to); t = t.Add(b.width) {
		starts = append(starts, t)
		lt := t.In(loc)
		switch b.name {
		case "hour":
			labels = append(labels, lt.Format("15:04"))
		default:
			labels = append(labels, lt.Format("02/01"))
		}
	}
	return starts, labels
}
