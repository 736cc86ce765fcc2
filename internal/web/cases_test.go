package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/factdesk/factdesk/internal/casework"
)

func TestCaseBoard(t *testing.T) {
	e := newDeskEnv(t)
	urgent := e.openCase(e.unitA, "Tin đồn vỡ đê sông Kỳ Cùng", "urgent")
	low := e.openCase(e.unitA, "Ảnh cũ về lũ", "low")
	other := e.openCase(e.unitB, "Tin của xã bên", "high")
	// A case opened three days ago is past its due time.
	e.svcClock.Set(time.Now().UTC().Add(-72 * time.Hour))
	late := e.openCase(e.unitA, "Số liệu thương vong sai", "normal")
	e.svcClock.Set(time.Now().UTC())
	if _, err := e.svc.SetStatus(context.Background(), e.caller("chief"), low.ID, "verifying", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SetStatus(context.Background(), e.caller("chief"), other.ID, "dismissed", "trùng lặp"); err != nil {
		t.Fatal(err)
	}

	doc := e.page("editor", "/cases", http.StatusOK)
	main := mainOf(doc)
	cols := findAll(main, func(n *html.Node) bool { return n.Data == "section" && attr(n, "data-status") != "" })
	var statuses []string
	for _, c := range cols {
		statuses = append(statuses, attr(c, "data-status"))
	}
	if want := []string{"new", "triaged", "verifying", "responding", "published", "closed"}; !slices.Equal(statuses, want) {
		t.Fatalf("columns %v, want %v", statuses, want)
	}
	if got := rowIDs(cols[0], "li", "data-case-id"); !slices.Equal(got, []string{fmt.Sprint(urgent.ID), fmt.Sprint(late.ID)}) {
		t.Errorf("new column %v, want the urgent case then the late one", got)
	}
	if got := rowIDs(cols[2], "li", "data-case-id"); !slices.Equal(got, []string{fmt.Sprint(low.ID)}) {
		t.Errorf("verifying column %v", got)
	}
	if ids := rowIDs(main, "li", "data-case-id"); slices.Contains(ids, fmt.Sprint(other.ID)) {
		t.Errorf("the editor of A sees the case of B: %v", ids)
	}
	card := byAttr(main, "li", "data-case-id", fmt.Sprint(late.ID))[0]
	if !strings.Contains(attr(card, "class"), "overdue") || len(elemsByClass(card, "overdue-text")) != 1 {
		t.Errorf("late card not marked overdue: %s", attr(card, "class"))
	}
	contains(t, "late card", card, "Normal", "Xã Tân Thành", "Unassigned", "overdue by")
	contains(t, "urgent card", byAttr(main, "li", "data-case-id", fmt.Sprint(urgent.ID))[0], "Urgent", "due in 2 h")
	if !hasForm(doc, "/cases") {
		t.Error("the editor has no New case form")
	}

	// The province lead sees both communes; dismissed cases are folded away.
	doc = e.page("chief", "/cases", http.StatusOK)
	dismissed := findAll(mainOf(doc), func(n *html.Node) bool { return n.Data == "details" && attr(n, "data-status") == "dismissed" })
	if len(dismissed) != 1 || len(byAttr(dismissed[0], "li", "data-case-id", fmt.Sprint(other.ID))) != 1 {
		t.Errorf("the dismissed case is not in the folded column")
	}
	for _, tt := range []struct {
		query string
		want  []string
	}{
		{"?priority=urgent", []string{fmt.Sprint(urgent.ID)}},
		{fmt.Sprintf("?unit=%d", e.unitB), []string{fmt.Sprint(other.ID)}},
		{"?priority=bogus", []string{fmt.Sprint(urgent.ID), fmt.Sprint(late.ID), fmt.Sprint(low.ID), fmt.Sprint(other.ID)}},
	} {
		got := rowIDs(mainOf(e.page("chief", "/cases"+tt.query, http.StatusOK)), "li", "data-case-id")
		if slices.Sort(got); !slices.Equal(got, sorted(tt.want)) {
			t.Errorf("%s: %v, want %v", tt.query, got, tt.want)
		}
	}
	if _, err := e.svc.Update(context.Background(), e.caller("chief"), late.ID, casework.Patch{AssigneeID: ptr(e.users["editor"].ID)}); err != nil {
		t.Fatal(err)
	}
	if got := rowIDs(mainOf(e.page("chief", fmt.Sprintf("/cases?assignee=%d", e.users["editor"].ID), http.StatusOK)), "li", "data-case-id"); !slices.Equal(got, []string{fmt.Sprint(late.ID)}) {
		t.Errorf("assignee filter: %v", got)
	}
	// A unit outside the caller's scope does not exist for them.
	e.page("editor", fmt.Sprintf("/cases?unit=%d", e.unitB), http.StatusNotFound)
}

func TestCaseBoardNewCase(t *testing.T) {
	e := newDeskEnv(t)
	where, doc := e.post("editor", "/cases", url.Values{"title": {"Clip giả mạo phát biểu"}, "description": {"Lan truyền trên mạng"},
		"unit_id": {fmt.Sprint(e.unitA)}, "post_ids": {""}}, http.StatusOK)
	if !strings.HasPrefix(where, "/cases/") || !strings.Contains(where, "msg=created") {
		t.Fatalf("after creating: %s", where)
	}
	if h1(doc) != "Clip giả mạo phát biểu" {
		t.Errorf("case page h1 %q", h1(doc))
	}
	contains(t, "new case page", mainOf(doc), "Case opened.", "Xã Tân Thành", "Lan truyền trên mạng")

	// A viewer has no form and is refused; bad post ids are named.
	if hasForm(e.page("viewer", "/cases", http.StatusOK), "/cases") {
		t.Error("the viewer sees the New case form")
	}
	e.post("viewer", "/cases", url.Values{"title": {"x"}}, http.StatusForbidden)
	e.post("editor", "/cases", url.Values{"title": {"x"}, "post_ids": {"12, abc"}}, http.StatusBadRequest)
	e.post("editor", "/cases", url.Values{"title": {"x"}, "unit_id": {fmt.Sprint(e.unitB)}}, http.StatusNotFound)
	e.post("editor", "/cases", url.Values{"title": {"  "}}, http.StatusBadRequest)
	cases, err := e.svc.List(context.Background(), e.caller("chief"), casework.Filter{})
	if err != nil || len(cases) != 1 {
		t.Fatalf("%d cases (%v), want only the good one", len(cases), err)
	}
}

func TestCaseBoardVietnamese(t *testing.T) {
	e := newDeskEnv(t)
	e.openCase(e.unitA, "Tin đồn", "high")
	c := e.client()
	e.mustLogin(c, "editor@example.vn")
	e.do(c, http.MethodPost, "/locale", url.Values{"lang": {"vi"}, "next": {"/cases"}}, nil)
	resp, body := e.do(c, http.MethodGet, "/cases", nil, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /cases: %d", resp.StatusCode)
	}
	doc := parseHTML(t, body)
	if pageLang(doc) != "vi" || h1(doc) != "Vụ việc" {
		t.Fatalf("page in %s, h1 %q", pageLang(doc), h1(doc))
	}
	contains(t, "vi board", mainOf(doc), "Mới", "Đang kiểm chứng", "Đã bỏ qua", "Cao", "còn 8 giờ", "Vụ việc mới")
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

func ptr[T any](v T) *T { return &v }
