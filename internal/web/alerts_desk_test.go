package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/casework"
	"github.com/factdesk/factdesk/internal/store"
)

func TestAlertsQueueDesk(t *testing.T) {
	e := newDeskEnv(t)
	weak := e.alert(e.unitA, 2, "Ít bài về giá xăng")
	strong := e.alert(e.unitA, 9.5, "Tin đồn vỡ đê lan nhanh")
	older := e.alert(e.unitA, 2, "Ảnh ngập lụt cũ") // same score as weak, raised earlier
	other := e.alert(e.unitB, 8, "Tin của xã bên")
	ids := func(as ...store.Alert) []string {
		out := make([]string, len(as))
		for i, a := range as {
			out[i] = fmt.Sprint(a.ID)
		}
		return out
	}
	doc := e.page("editor", "/alerts", http.StatusOK)
	main := mainOf(doc)
	if got, want := rowIDs(main, "tr", "data-alert-id"), ids(strong, weak, older); !slices.Equal(got, want) {
		t.Fatalf("queue %v, want by score then newest %v (and nothing of commune B)", got, want)
	}
	if len(byAttr(main, "input", "form", "alerts-bulk")) != 3 || !hasForm(doc, "/alerts/bulk") || !hasForm(doc, "/alerts/tip") {
		t.Error("the editor lacks the bulk or tip forms")
	}
	for _, a := range []store.Alert{strong, weak} {
		for _, act := range []string{"accept", "dismiss"} {
			if !hasForm(doc, fmt.Sprintf("/alerts/%d/%s", a.ID, act)) {
				t.Errorf("alert %d has no %s form", a.ID, act)
			}
		}
	}

	// Accept with a title: a new case with the alert linked.
	where, doc := e.post("editor", fmt.Sprintf("/alerts/%d/accept", strong.ID), url.Values{"title": {"Đê sông Kỳ Cùng"}}, http.StatusOK)
	if !strings.HasSuffix(where, "?msg=accepted") || h1(doc) != "Đê sông Kỳ Cùng" {
		t.Fatalf("after accepting: %s, h1 %q", where, h1(doc))
	}
	contains(t, "accepted case", mainOf(doc), "Alert accepted", "Tin đồn vỡ đê lan nhanh")
	caseID := strings.TrimSuffix(strings.TrimPrefix(where, "/cases/"), "?msg=accepted")
	// The merge select now offers the case; merging links the alert.
	doc = e.page("editor", "/alerts", http.StatusOK)
	if !hasForm(doc, fmt.Sprintf("/alerts/%d/merge", weak.ID)) || !strings.Contains(text(elemByID(mainOf(doc), "bulk-case")), "Đê sông Kỳ Cùng") {
		t.Fatal("no merge into the new case")
	}
	where, doc = e.post("editor", fmt.Sprintf("/alerts/%d/merge", weak.ID), url.Values{"case_id": {caseID}}, http.StatusOK)
	if where != "/cases/"+caseID+"?msg=merged" || len(byAttr(mainOf(doc), "li", "data-alert-id", fmt.Sprint(weak.ID))) != 1 {
		t.Errorf("after merging: %s", where)
	}
	// An alert already handled, one of another commune, a dismissal with no
	// reason.
	e.post("editor", fmt.Sprintf("/alerts/%d/accept", strong.ID), url.Values{}, http.StatusConflict)
	e.post("editor", fmt.Sprintf("/alerts/%d/accept", other.ID), url.Values{}, http.StatusNotFound)
	e.post("editor", fmt.Sprintf("/alerts/%d/dismiss", older.ID), url.Values{"reason": {" "}}, http.StatusBadRequest)
	e.post("editor", fmt.Sprintf("/alerts/%d/merge", older.ID), url.Values{}, http.StatusBadRequest)

	// Bulk: the good one lands, the handled one is counted.
	where, doc = e.post("editor", "/alerts/bulk", url.Values{"action": {"dismiss"}, "reason": {"ảnh cũ"},
		"alert": {fmt.Sprint(older.ID), fmt.Sprint(strong.ID)}}, http.StatusOK)
	if !strings.Contains(where, "msg=bulk_some") {
		t.Errorf("after bulk: %s", where)
	}
	contains(t, "bulk notice", mainOf(doc), "1 alerts handled; 1 could not be")
	if a, _ := e.store.Alert(context.Background(), older.ID); a.Status != store.AlertDismissed || a.DismissReason != "ảnh cũ" {
		t.Errorf("bulk-dismissed alert: %s %q", a.Status, a.DismissReason)
	}
	_, doc = e.post("editor", "/alerts/bulk", url.Values{"action": {"accept"}}, http.StatusOK)
	contains(t, "empty bulk", mainOf(doc), "Select at least one alert first.")
	e.post("editor", "/alerts/bulk", url.Values{"action": {"explode"}, "alert": {"1"}}, http.StatusBadRequest)

	// A tip joins the queue.
	_, doc = e.post("analyst", "/alerts/tip", url.Values{"text": {"Người dân báo tin đồn về đê"}, "url": {"https://example.vn/p/1"},
		"unit_id": {fmt.Sprint(e.unitA)}}, http.StatusOK)
	contains(t, "after the tip", mainOf(doc), "Tip filed", "Người dân báo tin đồn về đê")
	if len(byAttr(mainOf(doc), "a", "href", "https://example.vn/p/1")) != 1 {
		t.Error("the tip's link is not shown")
	}
	_, doc = e.post("analyst", "/alerts/tip", url.Values{"text": {"Tin có đường dẫn lạ"}, "url": {"javascript:alert(1)"}}, http.StatusOK)
	if len(elemsByClass(mainOf(doc), "tip-link")) != 1 {
		t.Error("a javascript: link of a tip is shown as a link")
	}
	e.post("analyst", "/alerts/tip", url.Values{"text": {""}}, http.StatusBadRequest)
	e.post("analyst", "/alerts/tip", url.Values{"text": {"x"}, "unit_id": {fmt.Sprint(e.unitB)}}, http.StatusNotFound)

	// A viewer sees the queue but no action, and is refused.
	doc = e.page("viewer", "/alerts", http.StatusOK)
	if hasForm(doc, "/alerts/bulk") || hasForm(doc, "/alerts/tip") || len(elemsByClass(mainOf(doc), "alert-actions")) != 0 {
		t.Error("the viewer sees the desk's forms")
	}
	e.post("viewer", fmt.Sprintf("/alerts/%d/dismiss", weak.ID), url.Values{"reason": {"x"}}, http.StatusForbidden)
	e.post("viewer", "/alerts/tip", url.Values{"text": {"x"}}, http.StatusForbidden)
	// The sibling commune does not see commune A's alerts.
	if got := rowIDs(mainOf(e.page("sibling", "/alerts?status=all", http.StatusOK)), "tr", "data-alert-id"); !slices.Equal(got, ids(other)) {
		t.Errorf("sibling sees %v", got)
	}
	cases, err := e.svc.List(context.Background(), e.caller("chief"), casework.Filter{})
	if err != nil || len(cases) != 1 {
		t.Errorf("%d cases (%v), want the one accepted", len(cases), err)
	}
}
