package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/casework"
)

func TestCasePageWorkflow(t *testing.T) {
	e := newDeskEnv(t)
	cs := e.openCase(e.unitA, "Tin đồn vỡ đê", "high")
	path := fmt.Sprintf("/cases/%d", cs.ID)

	doc := e.page("editor", path, http.StatusOK)
	main := mainOf(doc)
	if h1(doc) != "Tin đồn vỡ đê" {
		t.Errorf("h1 %q", h1(doc))
	}
	contains(t, "case page", main, "New", "High", "Xã Tân Thành", "unit chosen when the case was opened", "Unassigned", "due in 8 h", "Verification playbook")
	if len(byAttr(main, "a", "href", "/playbook")) == 0 {
		t.Error("no link to the playbook")
	}
	// An editor may triage, start verifying or dismiss a new case; not
	// re-route or assign (lead).
	var moves []string
	for _, f := range byAttr(main, "form", "action", path+"/status") {
		moves = append(moves, attr(byAttr(f, "input", "name", "to")[0], "value"))
	}
	if strings.Join(moves, ",") != "triaged,verifying,dismissed" {
		t.Errorf("editor's moves %v", moves)
	}
	for _, action := range []string{"/priority", "/unit", "/assignee"} {
		if hasForm(doc, path+action) {
			t.Errorf("the editor sees the lead's %s form", action)
		}
	}
	for _, action := range []string{"/verdict", "/evidence", "/comments", "/escalate"} {
		if !hasForm(doc, path+action) {
			t.Errorf("the editor lacks the %s form", action)
		}
	}

	where, doc := e.post("editor", path+"/status", url.Values{"to": {"verifying"}}, http.StatusOK)
	if where != path+"?msg=status" {
		t.Errorf("after moving: %s", where)
	}
	contains(t, "after moving", mainOf(doc), "Status changed.", "Verifying")
	e.post("editor", path+"/evidence", url.Values{"kind": {"note"}, "note": {"Đã gọi UBND xã: đê không vỡ."}}, http.StatusOK)
	e.post("editor", path+"/verdict", url.Values{"verdict": {"false"}, "rationale": {"UBND xã xác nhận đê an toàn."}}, http.StatusOK)
	_, doc = e.post("editor", path+"/comments", url.Values{"body": {"Nhờ @lead xem lại trước khi phản hồi."}}, http.StatusOK)
	main = mainOf(doc)
	contains(t, "verdict", elemsByClass(main, "case-verdict")[0], "False", "Trần Biên", "UBND xã xác nhận đê an toàn.")
	contains(t, "evidence", elemByID(main, "evidence"), "Note", "Đã gọi UBND xã: đê không vỡ.", "sha256")
	contains(t, "comments", elemByID(main, "comments"), "Trần Biên", "Nhờ @lead xem lại trước khi phản hồi.")
	contains(t, "timeline", elemByID(main, "timeline"),
		"Đỗ Trưởng opened the case",
		"Trần Biên moved the case from “New” to “Verifying”",
		"Trần Biên added evidence",
		"Trần Biên recorded the verdict “False”",
		"Trần Biên commented")

	// The @mention told the lead.
	doc = e.page("lead", "/notifications", http.StatusOK)
	if items := elemsByClass(mainOf(doc), "notification"); len(items) != 1 || len(byAttr(items[0], "a", "href", path)) != 1 {
		t.Errorf("the mentioned lead's notifications: %s", text(mainOf(doc)))
	}

	// A refused move, a missing rationale, a bad verdict.
	_, doc = e.post("editor", path+"/status", url.Values{"to": {"published"}}, http.StatusConflict)
	contains(t, "refused move", mainOf(doc), "cannot move to published", "Go back")
	if len(byAttr(mainOf(doc), "a", "href", path)) != 1 {
		t.Error("the refusal does not lead back to the case")
	}
	_, doc = e.post("editor", path+"/verdict", url.Values{"verdict": {"false"}, "rationale": {" "}}, http.StatusBadRequest)
	contains(t, "missing rationale", mainOf(doc), "rationale: say why")
	e.post("editor", path+"/verdict", url.Values{"verdict": {"sai"}, "rationale": {"x"}}, http.StatusBadRequest)

	// Vietnamese timeline.
	c := e.as("analyst")
	e.do(c, http.MethodPost, "/locale", url.Values{"lang": {"vi"}, "next": {path}}, nil)
	doc = e.page("analyst", path, http.StatusOK)
	contains(t, "vi timeline", elemByID(mainOf(doc), "timeline"),
		"Trần Biên đã chuyển vụ việc từ “Mới” sang “Đang kiểm chứng”", "Trần Biên đã ghi kết luận “Sai”", "Dòng thời gian")
}

func TestCasePageRefusals(t *testing.T) {
	e := newDeskEnv(t)
	cs := e.openCase(e.unitA, "Ảnh cũ về lũ", "normal")
	path := fmt.Sprintf("/cases/%d", cs.ID)

	// A viewer reads the case but sees no form of the desk, and a POST is
	// refused.
	doc := e.page("viewer", path, http.StatusOK)
	for _, action := range []string{"/status", "/verdict", "/evidence", "/comments", "/escalate", "/priority", "/unit", "/assignee"} {
		if hasForm(doc, path+action) {
			t.Errorf("the viewer sees the %s form", action)
		}
	}
	contains(t, "viewer page", mainOf(doc), "Your role cannot move this case further.")
	e.post("viewer", path+"/verdict", url.Values{"verdict": {"false"}, "rationale": {"x"}}, http.StatusForbidden)
	e.post("viewer", path+"/status", url.Values{"to": {"triaged"}}, http.StatusForbidden)
	e.post("viewer", path+"/comments", url.Values{"body": {"xin chào"}}, http.StatusForbidden)
	// An analyst comments but records no verdict.
	if hasForm(e.page("analyst", path, http.StatusOK), path+"/verdict") {
		t.Error("the analyst sees the verdict form")
	}
	e.post("analyst", path+"/verdict", url.Values{"verdict": {"false"}, "rationale": {"x"}}, http.StatusForbidden)
	e.post("analyst", path+"/comments", url.Values{"body": {"Tôi đã thấy ảnh này năm 2020."}}, http.StatusOK)
	// An editor may not assign.
	e.post("editor", path+"/assignee", url.Values{"assignee_id": {fmt.Sprint(e.users["editor"].ID)}}, http.StatusForbidden)

	// A form posted from another site is refused before the desk sees it.
	resp, _ := e.do(e.as("editor"), http.MethodPost, path+"/comments", url.Values{"body": {"từ trang khác"}},
		map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d, want 403", resp.StatusCode)
	}
	// A user of the sibling commune does not find the case at all.
	for _, p := range []string{path, path + "/evidence/1"} {
		e.page("sibling", p, http.StatusNotFound)
	}
	e.post("sibling", path+"/comments", url.Values{"body": {"x"}}, http.StatusNotFound)
	e.post("sibling", path+"/status", url.Values{"to": {"triaged"}}, http.StatusNotFound)
	e.page("editor", "/cases/999999", http.StatusNotFound)
	e.page("editor", "/cases/abc", http.StatusNotFound)
	tl, err := e.svc.Timeline(context.Background(), e.caller("chief"), cs.ID)
	if err != nil || len(tl) != 2 {
		t.Errorf("timeline has %d events (%v), want the creation and the analyst's comment", len(tl), err)
	}
}

func TestCasePageLead(t *testing.T) {
	e := newDeskEnv(t)
	cs := e.openCase(e.unitA, "Văn bản giả mạo", "normal")
	path := fmt.Sprintf("/cases/%d", cs.ID)
	doc := e.page("lead", path, http.StatusOK)
	for _, action := range []string{"/priority", "/unit", "/assignee"} {
		if !hasForm(doc, path+action) {
			t.Errorf("the lead lacks the %s form", action)
		}
	}
	// The assignee select offers the people who can work in commune A only.
	sel := elemByID(mainOf(doc), "set-assignee")
	contains(t, "assignee select", sel, "Phạm An", "Trần Biên", "Lê Lãnh", "Đỗ Trưởng")
	if strings.Contains(text(sel), "Vũ Viên") || strings.Contains(text(sel), "Hồ Bình") {
		t.Errorf("the assignee select offers a viewer or a user of commune B: %s", text(sel))
	}
	// The lead of A cannot re-route to B, which is outside their scope.
	if strings.Contains(text(elemByID(mainOf(doc), "set-unit")), "Xã Hoà Bình") {
		t.Error("the lead of A may pick commune B")
	}
	e.post("lead", path+"/assignee", url.Values{"assignee_id": {fmt.Sprint(e.users["editor"].ID)}}, http.StatusOK)
	_, doc = e.post("lead", path+"/priority", url.Values{"priority": {"urgent"}}, http.StatusOK)
	contains(t, "after assigning", mainOf(doc), "Trần Biên", "Urgent", "set by hand", "Lê Lãnh assigned the case to Trần Biên", "Lê Lãnh set the priority to Urgent")
	// Escalating hands the case to the province, out of the lead of A's hands
	// but not out of sight.
	where, doc := e.post("lead", path+"/escalate", url.Values{"reason": {"cần cấp tỉnh"}}, http.StatusOK)
	if where != "/cases?msg=moved_away" {
		t.Errorf("after escalating out of sight: %s", where)
	}
	contains(t, "board after escalating", mainOf(doc), "has left your board")
	e.page("lead", path, http.StatusNotFound)
	doc = e.page("chief", path, http.StatusOK)
	contains(t, "escalated case", mainOf(doc), "Tỉnh Lạng Sơn", "escalated from Xã Tân Thành: cần cấp tỉnh", "Lê Lãnh escalated the case to Tỉnh Lạng Sơn")
	// The province lead re-routes it to commune B and still sees it.
	where, doc = e.post("chief", path+"/unit", url.Values{"unit_id": {fmt.Sprint(e.unitB)}}, http.StatusOK)
	if where != path+"?msg=updated" {
		t.Errorf("after re-routing: %s", where)
	}
	contains(t, "re-routed case", mainOf(doc), "Xã Hoà Bình", "Đỗ Trưởng routed the case to Xã Hoà Bình")

	// The assignee was told, and the header counts it until the
	// notifications page is read.
	doc = e.page("editor", "/cases", http.StatusOK)
	link := elemsByClass(doc, "notif-link")
	if len(link) != 1 || !strings.Contains(text(link[0]), "1") {
		t.Fatalf("header notifications link: %v", text(first(doc, "header")))
	}
	doc = e.page("editor", "/notifications", http.StatusOK)
	items := elemsByClass(mainOf(doc), "notification")
	if len(items) != 1 || !strings.Contains(attr(items[0], "class"), "unread") || len(byAttr(items[0], "a", "href", path)) != 1 {
		t.Fatalf("notifications: %s", text(mainOf(doc)))
	}
	contains(t, "notification", items[0], "assigned to you", "New")
	doc = e.page("editor", "/notifications", http.StatusOK)
	if strings.Contains(attr(elemsByClass(mainOf(doc), "notification")[0], "class"), "unread") || len(elemsByClass(doc, "notif-count")) != 0 {
		t.Error("notifications still unread after the page was read")
	}
}

func TestCaseEvidenceFiles(t *testing.T) {
	e := newDeskEnv(t)
	cs := e.openCase(e.unitA, "Ảnh cũ về lũ", "normal")
	path := fmt.Sprintf("/cases/%d", cs.ID)
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)
	resp, body := e.upload("editor", path+"/evidence", map[string]string{"kind": "file", "title": "Ảnh gốc năm 2020"}, "anh-goc.png", png)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Evidence added.") {
		t.Fatalf("upload: %d\n%s", resp.StatusCode, body)
	}
	ev, err := e.svc.Evidence(context.Background(), e.caller("chief"), cs.ID)
	if err != nil || len(ev) != 1 {
		t.Fatalf("evidence %v (%v)", ev, err)
	}
	doc := parseHTML(t, body)
	item := byAttr(mainOf(doc), "li", "data-evidence-id", fmt.Sprint(ev[0].ID))
	if len(item) != 1 {
		t.Fatal("the uploaded file is not listed")
	}
	contains(t, "file item", item[0], "File", "Ảnh gốc năm 2020", "Trần Biên", ev[0].SHA256, "Download anh-goc.png")
	dl := fmt.Sprintf("%s/evidence/%d", path, ev[0].ID)
	resp, got := e.do(e.as("viewer"), http.MethodGet, dl, nil, nil)
	if resp.StatusCode != http.StatusOK || got != string(png) || resp.Header.Get("Content-Type") != "image/png" ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") || resp.Header.Get("X-Evidence-Sha256") != ev[0].SHA256 {
		t.Errorf("download: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
	e.page("sibling", dl, http.StatusNotFound)
	e.page("viewer", fmt.Sprintf("%s/evidence/%d", path, ev[0].ID+1), http.StatusNotFound)

	// Refused uploads: a type that is not accepted, one too large, and a
	// viewer's.
	if resp, _ := e.upload("editor", path+"/evidence", map[string]string{"kind": "file"}, "x.exe", []byte("MZ\x90\x00binary")); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("an executable: %d", resp.StatusCode)
	}
	if resp, _ := e.upload("editor", path+"/evidence", map[string]string{"kind": "file"}, "big.txt", make([]byte, casework.MaxUpload+uploadSlack+1)); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a file over 10 MiB: %d", resp.StatusCode)
	}
	if resp, _ := e.upload("viewer", path+"/evidence", map[string]string{"kind": "file"}, "a.png", png); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer's upload: %d", resp.StatusCode)
	}
	e.post("editor", path+"/evidence", url.Values{"kind": {"note"}, "note": {""}}, http.StatusBadRequest)
	e.post("editor", path+"/evidence", url.Values{"kind": {"url"}, "url": {"ftp://example.vn/x"}}, http.StatusBadRequest)

	// A URL is archived with its title, the time and the sha256 of what
	// was fetched; the archived text downloads.
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte("<html><head><title>Thông cáo của UBND xã</title></head><body><p>Đê an toàn.</p></body></html>"))
	}))
	defer page.Close()
	_, doc = e.post("editor", path+"/evidence", url.Values{"kind": {"url"}, "url": {page.URL + "/thong-cao"}}, http.StatusOK)
	ev, err = e.svc.Evidence(context.Background(), e.caller("chief"), cs.ID)
	if err != nil || len(ev) != 2 {
		t.Fatalf("evidence %v (%v)", ev, err)
	}
	web := ev[0]
	if web.Kind != "url" {
		web = ev[1]
	}
	item = byAttr(mainOf(doc), "li", "data-evidence-id", fmt.Sprint(web.ID))
	if len(item) != 1 || len(byAttr(item[0], "a", "href", page.URL+"/thong-cao")) != 1 {
		t.Fatal("the archived page is not listed with its link")
	}
	contains(t, "url item", item[0], "Web page", "Thông cáo của UBND xã", "Archived at", web.SHA256, "Download the archived text")
	if _, got := e.do(e.as("viewer"), http.MethodGet, fmt.Sprintf("%s/evidence/%d", path, web.ID), nil, nil); !strings.Contains(got, "Đê an toàn.") {
		t.Errorf("archived text: %q", got)
	}
}
