package casework

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/factdesk/factdesk/internal/desk"
)

// AlertRouter gives alerts a unit as soon as their posts name a place of
// the organisation (or come from a unit's source), so that the unit's
// people see them in their queue. Alerts it cannot place stay with the top
// of the organisation. Use one per process.
type AlertRouter struct {
	Service *Service
	Logger  *slog.Logger
	mu      sync.Mutex
	checked map[int64]time.Time // alert -> when last looked at without a place
}

// recheck is how long an alert that named no place waits before it is
// looked at again (its story may have grown).
const recheck = 10 * time.Minute

// RouteOnce routes the newest unrouted open alerts and returns how many it
// routed.
func (r *AlertRouter) RouteOnce(ctx context.Context) (int, error) {
	s := r.Service
	alerts, err := s.DB.UnroutedAlerts(ctx, 200)
	if err != nil || len(alerts) == 0 {
		return 0, err
	}
	units, err := s.DB.Units(ctx)
	if err != nil {
		return 0, fmt.Errorf("units: %w", err)
	}
	router := desk.NewRouter(units)
	now := s.Clock.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.checked == nil {
		r.checked = map[int64]time.Time{}
	}
	routed := 0
	for _, a := range alerts {
		if t, ok := r.checked[a.ID]; ok && now.Sub(t) < recheck {
			continue
		}
		var details struct {
			Posts []int64 `json:"posts"`
		}
		_ = json.Unmarshal(a.Details, &details)
		var stories []int64
		if a.StoryID != 0 {
			stories = []int64{a.StoryID}
		}
		if len(details.Posts) == 0 && len(stories) == 0 {
			r.checked[a.ID] = now
			continue
		}
		in, err := s.DB.CaseInputsFor(ctx, details.Posts, stories, nil, nil)
		if err != nil {
			return routed, err
		}
		rt := router.Route(in.Texts, in.SourceUnits, 0)
		if rt.UnitID == 0 {
			r.checked[a.ID] = now
			continue
		}
		if err := s.DB.RouteAlert(ctx, "system", a.ID, rt.UnitID, rt.Reason); err != nil {
			return routed, err
		}
		delete(r.checked, a.ID)
		routed++
	}
	return routed, nil
}

// Run routes every interval until ctx ends.
func (r *AlertRouter) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := r.RouteOnce(ctx); err != nil && ctx.Err() == nil {
			r.Logger.Warn("routing alerts", "err", err) // retried at the next tick
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
