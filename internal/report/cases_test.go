package report

import (
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/store"
)

func TestCaseFiguresAndResponseTimes(t *testing.T) {
	from := time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC)
	to := from.Add(7 * 24 * time.Hour)
	prev := from.Add(-7 * 24 * time.Hour)
	h := func(n float64) time.Duration { return time.Duration(n * float64(time.Hour)) }
	cases := []store.ReportCase{
		// Opened, judged, published and closed in the period: 2 h to case, 5 h to verdict, 9 h to publication.
		{ID: 1, UnitID: 3, Status: "closed", Priority: "high", FirstAlertAt: from.Add(h(10)), CreatedAt: from.Add(h(12)),
			VerdictAt: from.Add(h(15)), PublishedAt: from.Add(h(19)), ClosedAt: from.Add(h(20)), DueAt: from.Add(h(30))},
		// Opened before the period, due in it, still verifying: overdue at both ends? Due after the previous end, so only now.
		{ID: 2, UnitID: 4, Status: "verifying", Priority: "urgent", CreatedAt: prev.Add(h(1)), FirstAlertAt: prev, DueAt: from.Add(h(5))},
		// Opened in the period, 4 h after its alert, still new, due long after.
		{ID: 3, UnitID: 3, Status: "new", Priority: "normal", CreatedAt: from.Add(h(50)), FirstAlertAt: from.Add(h(46)), DueAt: to.Add(h(48))},
		// Dismissed without a closing time: never overdue.
		{ID: 4, UnitID: 4, Status: "dismissed", Priority: "low", CreatedAt: prev.Add(h(2)), DueAt: prev.Add(h(3))},
	}
	names := map[int64]string{3: "Phường A", 4: "Xã B"}
	cc := caseFigures(cases, from, to, prev, to.Add(time.Hour), func(id int64) string { return names[id] })
	if cc.opened != 2 || cc.openedPrev != 2 || cc.closed != 1 || cc.published != 1 {
		t.Errorf("opened %d (prev %d), closed %d, published %d; want 2, 2, 1, 1", cc.opened, cc.openedPrev, cc.closed, cc.published)
	}
	if cc.overdueAtEnd != 1 || cc.overdueAtPrevEnd != 0 || len(cc.overdue) != 1 || cc.overdue[0].ID != 2 || cc.overdue[0].Unit != "Xã B" {
		t.Errorf("overdue at end %d, at previous end %d, list %+v; want case 2 only, at the end", cc.overdueAtEnd, cc.overdueAtPrevEnd, cc.overdue)
	}
	if cc.open.Total != 2 || cc.open.ByStatus[0] != (Count{"new", 1}) || cc.open.ByStatus[2] != (Count{"verifying", 1}) {
		t.Errorf("open cases %+v", cc.open)
	}
	starts, _ := bucketAxis(from, to, bucketFor(to.Sub(from)), time.UTC)
	rt := responseTimes(cases, starts, to)
	got := map[string][2]float64{}
	for _, st := range rt {
		if st.Count > 0 {
			got[st.Stage] = [2]float64{*st.MedianHours, *st.P90Hours}
		}
	}
	// To case: 2 h and 4 h; nearest-rank median is 2, p90 is 4.
	if got["case"] != [2]float64{2, 4} || got["verdict"] != [2]float64{5, 5} || got["publication"] != [2]float64{9, 9} {
		t.Errorf("response times %v", got)
	}
	if rt[0].Series[0].Count != 1 || rt[0].Series[2].Count != 1 || rt[0].Series[1].MedianHours != nil {
		t.Errorf("response times per day %+v", rt[0].Series)
	}
}

func TestFormatting(t *testing.T) {
	if FormatInt("vi", 1234567) != "1.234.567" || FormatInt("en", -1234) != "-1,234" || FormatInt("en", 999) != "999" {
		t.Error("thousands separators")
	}
	up, down := 12.4, -50.0
	if FormatChange("en", &up) != "+12%" || FormatChange("vi", &down) != "−50%" || FormatChange("en", nil) != "" {
		t.Error("changes")
	}
	if FormatFloat("vi", 2.25) != "2,3" && FormatFloat("vi", 2.25) != "2,2" {
		t.Errorf("decimal comma: %s", FormatFloat("vi", 2.25))
	}
}
