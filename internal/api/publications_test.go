package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/publish"
)

// pubEnv is the API with publishing over the test store, a province with
// an editor and two leads, and a stranger elsewhere.
type pubEnv struct {
	*testEnv
	unit                          int64
	editor, lead, lead2, stranger string
}

func newPubEnv(t *testing.T) *pubEnv {
	var svc *publish.Service
	e := newEnv(t, func(d *Deps) {
		svc = &publish.Service{BaseURL: "https://facts.example.org", Publisher: "Desk"}
		d.Publications, d.PublicBaseURL = svc, "https://facts.example.org"
	})
	svc.Store = e.db
	p := &pubEnv{testEnv: e, unit: e.unit("Sở TT&TT", 0)}
	other := e.unit("Other", 0)
	p.editor = e.token("editor@example.org", auth.Editor, p.unit)
	p.lead = e.token("lead@example.org", auth.Lead, p.unit)
	p.lead2 = e.token("lead2@example.org", auth.Lead, p.unit)
	p.stranger = e.token("stranger@example.org", auth.Lead, other)
	return p
}

const factBody = `{"kind": "fact_check", "unit_id": %d, "title": "Đập thủy điện không bị vỡ",
 "summary": "EVN xác nhận đập vận hành bình thường.", "body_md": "## Kết luận\n\nSai sự thật.",
 "claim_reviewed": "Đập thủy điện Hòa Bình bị vỡ đêm qua", "claimant": "Tài khoản mạng xã hội",
 "claim_date": "2026-11-20", "appearances": ["https://social.example/p/1"], "rating": "false",
 "rating_text": "Sai sự thật", "tags": ["thiên tai"], "language": "vi",
 "citations": [{"url": "https://evn.example.vn/tb/1", "title": "EVN"}]}`

func (e *pubEnv) do(method, path, token, body string, want int) map[string]any {
	e.t.Helper()
	resp, b := e.call(method, path, token, "application/json", body)
	if resp.StatusCode != want {
		e.t.Fatalf("%s %s: %d, want %d: %s", method, path, resp.StatusCode, want, b)
	}
	var out map[string]any
	decode(e.t, b, &out)
	return out
}

func TestPublicationsWorkflowOverAPI(t *testing.T) {
	e := newPubEnv(t)
	body := strings.Replace(factBody, "%d", strconv.FormatInt(e.unit, 10), 1)
	created := e.do(http.MethodPost, "/api/v1/publications", e.editor, body, http.StatusCreated)
	id := strconv.Itoa(int(created["id"].(float64)))
	base := "/api/v1/publications/" + id
	if created["status"] != "draft" || created["slug"] != "dap-thuy-dien-khong-bi-vo" {
		t.Fatalf("created %v", created)
	}
	e.do(http.MethodGet, base, e.stranger, "", http.StatusNotFound)
	e.do(http.MethodPatch, base, e.editor, `{"summary": "Đã sửa", "nope": 1}`, http.StatusBadRequest)
	e.do(http.MethodPatch, base, e.editor, `{"summary": "EVN: đập an toàn."}`, http.StatusOK)
	e.do(http.MethodPost, base+"/submit", e.editor, "", http.StatusOK)
	e.do(http.MethodPost, base+"/approve", e.editor, "", http.StatusForbidden)
	e.do(http.MethodPost, base+"/approve", e.lead, "", http.StatusOK)
	pub := e.do(http.MethodPost, base+"/publish", e.lead, "", http.StatusOK)
	if pub["status"] != "published" || pub["public_url"] != "https://facts.example.org/facts/dap-thuy-dien-khong-bi-vo" || pub["claim_id"] == nil {
		t.Fatalf("published %v", pub)
	}
	c, err := e.db.ClaimByKey(context.Background(), "publication:"+id)
	if err != nil || c.Verdict != "false" {
		t.Fatalf("claims library: %+v %v", c, err)
	}
	e.do(http.MethodPatch, base, e.lead, `{"rating": "misleading"}`, http.StatusBadRequest) // no change note
	upd := e.do(http.MethodPatch, base, e.lead, `{"rating": "misleading", "change_note": "Thêm bối cảnh"}`, http.StatusOK)
	if upd["version"] != float64(2) {
		t.Fatalf("update %v", upd)
	}
	e.do(http.MethodPost, base+"/retract", e.lead, `{}`, http.StatusBadRequest)
	ret := e.do(http.MethodPost, base+"/retract", e.lead, `{"reason": "Nguồn đã rút lại"}`, http.StatusOK)
	if ret["status"] != "retracted" {
		t.Fatalf("retract %v", ret)
	}
	got := e.do(http.MethodGet, base, e.editor, "", http.StatusOK)
	if vs, _ := got["versions"].([]any); len(vs) != 2 {
		t.Fatalf("versions %v", got["versions"])
	}
	list := e.do(http.MethodGet, "/api/v1/publications?status=retracted", e.editor, "", http.StatusOK)
	if list["total"] != float64(1) {
		t.Fatalf("list %v", list)
	}
	if l := e.do(http.MethodGet, "/api/v1/publications", e.stranger, "", http.StatusOK); l["total"] != float64(0) {
		t.Fatalf("stranger sees %v", l)
	}
}

func TestPublishInOneCall(t *testing.T) {
	e := newPubEnv(t)
	body := strings.Replace(factBody, "%d", strconv.FormatInt(e.unit, 10), 1)
	body = strings.Replace(body, `"kind"`, `"publish": true, "kind"`, 1)
	// Self-approval is off by default: the draft stays, and the answer says why.
	resp, b := e.call(http.MethodPost, "/api/v1/publications", e.lead, "application/json", body)
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(b), "saved as a draft") {
		t.Fatalf("one-call publish without self-approval: %d %s", resp.StatusCode, b)
	}
	if err := e.db.SetPublishSettings(context.Background(), "test", e.unit, publish.Settings{SelfApproval: true}); err != nil {
		t.Fatal(err)
	}
	body = strings.Replace(body, "Đập thủy điện không bị vỡ", "Đập không vỡ (2)", 1)
	p := e.do(http.MethodPost, "/api/v1/publications", e.lead, body, http.StatusCreated)
	if p["status"] != "published" {
		t.Fatalf("one-call publish: %v", p)
	}
	// An editor cannot publish in one call even so.
	body = strings.Replace(body, "Đập không vỡ (2)", "Đập không vỡ (3)", 1)
	e.do(http.MethodPost, "/api/v1/publications", e.editor, body, http.StatusForbidden)
}

func TestPublicationsUnavailableWithoutService(t *testing.T) {
	e := newEnv(t)
	tok := e.token("a@example.org", auth.Editor, e.unit("U", 0))
	if resp, _ := e.call(http.MethodGet, "/api/v1/publications", tok, "", ""); resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("without a service: %d", resp.StatusCode)
	}
}
