package casework_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/casework"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

func TestAlertsRoutedToTheUnitTheirPostsName(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC))
	storetest.Each(t, clk, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := newOrg(t, db, clk)
		details := func(posts ...int64) json.RawMessage {
			b, _ := json.Marshal(map[string]any{"posts": posts})
			return b
		}
		alerts := []store.Alert{
			{Kind: "known_claim", Key: "claim:1", BucketStart: clk.Now(), At: clk.Now(), Explanation: "x", Details: details(o.postHC)},
			{Kind: "known_claim", Key: "claim:2", BucketStart: clk.Now(), At: clk.Now(), Explanation: "y", Details: details(o.post0)},
		}
		if _, err := db.InsertAlerts(ctx, alerts); err != nil {
			t.Fatal(err)
		}
		// Before routing only the top of the organisation sees them.
		if _, err := o.svc.GetAlert(ctx, o.users["hc:viewer"], alerts[0].ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("unrouted alert seen by a district: %v", err)
		}
		r := &casework.AlertRouter{Service: o.svc, Logger: discard()}
		if n, err := r.RouteOnce(ctx); err != nil || n != 1 {
			t.Fatalf("routed %d, %v; want 1", n, err)
		}
		a, err := o.svc.GetAlert(ctx, o.users["hc:viewer"], alerts[0].ID)
		if err != nil || a.UnitID != o.hc.ID {
			t.Fatalf("routed alert: %+v %v", a, err)
		}
		if _, err := o.svc.GetAlert(ctx, o.users["st:viewer"], alerts[0].ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("other district sees it: %v", err)
		}
		if a, _ := o.svc.GetAlert(ctx, o.users["province:viewer"], alerts[1].ID); a.UnitID != 0 {
			t.Fatalf("an alert naming no place was routed: %+v", a)
		}
		if n, _ := r.RouteOnce(ctx); n != 0 {
			t.Fatalf("second pass routed %d", n)
		}
		// Accepting the routed alert opens a case in the district.
		cs, err := o.svc.AcceptAlert(ctx, o.users["hc:analyst"], alerts[0].ID, 0, "")
		if err != nil || cs.UnitID != o.hc.ID || len(cs.AlertIDs) != 1 || cs.FirstAlertAt.IsZero() {
			t.Fatalf("accept: %+v %v", cs, err)
		}
		if _, err := o.svc.AcceptAlert(ctx, o.users["hc:analyst"], alerts[0].ID, 0, ""); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("accept twice: %v", err)
		}
	})
}
