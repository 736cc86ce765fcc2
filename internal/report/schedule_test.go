package report_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/report"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

func TestNextRun(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	now := time.Date(2026, 5, 6, 23, 30, 0, 0, loc) // a Wednesday
	if got := report.NextRun("daily", now, loc); !got.Equal(time.Date(2026, 5, 7, 0, 0, 0, 0, loc)) {
		t.Errorf("daily: %v", got)
	}
	if got := report.NextRun("weekly", now, loc); !got.Equal(time.Date(2026, 5, 11, 0, 0, 0, 0, loc)) {
		t.Errorf("weekly: %v", got)
	}
}

// TestSchedulerStoresDueReportsAndCallsTheWebhook runs a daily schedule
// that fell three days behind: it stores one report, of the last whole day,
// announces it, and moves to the next midnight.
func TestSchedulerStoresDueReportsAndCallsTheWebhook(t *testing.T) {
	c := clock.NewFake(t0.Add(10*24*time.Hour + 3*time.Hour))
	storetest.Each(t, c, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sd := seed(t, db)
		var mu sync.Mutex
		var got []map[string]any
		hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var m map[string]any
			_ = json.NewDecoder(r.Body).Decode(&m)
			mu.Lock()
			got = append(got, m)
			mu.Unlock()
		}))
		defer hook.Close()

		if _, err := db.CreateReportSchedule(ctx, "user:1", store.ReportSchedule{UnitID: sd.a, Period: "monthly", Lang: "en", NextRunAt: t0}); err == nil || !strings.Contains(err.Error(), "period") {
			t.Errorf("a monthly schedule: %v", err)
		}
		sc, err := db.CreateReportSchedule(ctx, "user:1", store.ReportSchedule{UnitID: sd.a, Period: "daily", Lang: "en",
			Note: "Watch the dam.", WebhookURL: hook.URL + "/hook", NextRunAt: t0.Add(7 * 24 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		s := &report.Scheduler{Store: db, Clock: c, Location: time.UTC, BaseURL: "https://desk.example/", Client: hook.Client()}
		n, err := s.RunDue(ctx)
		if err != nil || n != 1 {
			t.Fatalf("RunDue = %d, %v; want 1 report", n, err)
		}
		if n, _ := s.RunDue(ctx); n != 0 {
			t.Errorf("a second run stored %d more", n)
		}
		list, err := db.StoredReports(ctx, 10)
		if err != nil || len(list) != 1 {
			t.Fatalf("stored reports %v, %v", list, err)
		}
		r, err := db.StoredReport(ctx, list[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		wantFrom := t0.Add(9 * 24 * time.Hour)
		if !r.From.Equal(wantFrom) || !r.To.Equal(wantFrom.Add(24*time.Hour)) || r.ScheduleID != sc.ID || r.UnitID != sd.a {
			t.Errorf("report covers %v – %v (schedule %d, unit %d); want the day before now", r.From, r.To, r.ScheduleID, r.UnitID)
		}
		if !strings.Contains(string(r.Content), "Watch the dam.") || !strings.Contains(string(r.Content), "<svg") {
			t.Error("the stored report lacks the note or its charts")
		}
		all, _ := db.ReportSchedules(ctx, time.Time{})
		if len(all) != 1 || !all[0].NextRunAt.Equal(wantFrom.Add(48*time.Hour)) || all[0].LastError != "" {
			t.Errorf("schedule after the run: %+v", all)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(got) != 1 || got[0]["event"] != "report.ready" || !strings.HasPrefix(got[0]["url"].(string), "https://desk.example/reports/") {
			t.Errorf("webhook got %v", got)
		}
	})
}
