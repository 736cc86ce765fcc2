package web

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/auth"
)

// TestDeskPagesCost prints how long the board, a case page and the alerts
// queue take and weigh for a busy commune (200 users, 500 cases, 300 open
// alerts), and checks that they show all of it. It runs only with
// FACTDESK_MEASURE=1:
//
//	FACTDESK_MEASURE=1 go test ./internal/web -run TestDeskPagesCost -count=1 -v
func TestDeskPagesCost(t *testing.T) {
	if os.Getenv("FACTDESK_MEASURE") != "1" {
		t.Skip("measurement skipped: set FACTDESK_MEASURE=1 to print the cost of the desk's pages")
	}
	e := newDeskEnv(t)
	for i := range 200 {
		createUser(t, e.store.DB, fmt.Sprintf("u%d@example.vn", i), fmt.Sprintf("Người %d", i), "en", &auth.Membership{UnitID: e.unitA, Role: auth.Analyst})
	}
	for i := range 500 {
		e.openCase(e.unitA, fmt.Sprintf("Vụ %d", i), []string{"low", "normal", "high", "urgent"}[i%4])
	}
	for i := range 300 {
		e.alert(e.unitA, float64(i%10), fmt.Sprintf("Cảnh báo %d", i))
	}
	c := e.as("lead")
	for _, tt := range []struct {
		path, marker string
		count        int
	}{
		{"/cases", "data-case-id=", 500},
		{"/cases/1", `name="assignee_id"`, 1},
		{"/alerts", "data-alert-id=", alertsPerPage},
	} {
		_, body := e.do(c, http.MethodGet, tt.path, nil, nil)
		if got := strings.Count(body, tt.marker); got != tt.count {
			t.Errorf("GET %s shows %d of %s, want %d", tt.path, got, tt.marker, tt.count)
		}
		const n = 10
		start := time.Now()
		for range n {
			e.do(c, http.MethodGet, tt.path, nil, nil)
		}
		t.Logf("GET %s: %v per request, %d bytes", tt.path, (time.Since(start) / n).Round(time.Millisecond/10), len(body))
	}
}
