package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/publish"
)

// TestPublicationsPage walks a fact-check through the staff page: an
// editor writes it with a preview and submits it, a lead approves and
// publishes it, then publishes an update with a change note and retracts it.
func TestPublicationsPage(t *testing.T) {
	var svc *publish.Service
	e := newEnv(t, func(d *Deps) {
		svc = &publish.Service{Store: d.Store.(*hookStore).DB, BaseURL: "https://facts.example.org"}
		d.Publications = &PublicationsDeps{Service: svc}
	})
	ctx := context.Background()
	unit, err := e.store.CreateUnit(ctx, "test", auth.Unit{Name: "Sở TT&TT"})
	if err != nil {
		t.Fatal(err)
	}
	createUser(t, e.store.DB, "editor@example.vn", "Biên tập", "vi", &auth.Membership{UnitID: unit.ID, Role: auth.Editor})
	createUser(t, e.store.DB, "lead@example.vn", "Trưởng", "en", &auth.Membership{UnitID: unit.ID, Role: auth.Lead})
	editor, lead := e.client(), e.client()
	e.mustLogin(editor, "editor@example.vn")
	e.mustLogin(lead, "lead@example.vn")

	resp, body := e.do(editor, http.MethodGet, "/publish/new", nil, nil)
	if resp.StatusCode != 200 || !strings.Contains(body, `name="claim_reviewed"`) {
		t.Fatalf("new form: %d", resp.StatusCode)
	}
	form := url.Values{"kind": {"fact_check"}, "unit_id": {"1"}, "title": {"Đập không vỡ"}, "language": {"vi"},
		"body_md": {"**Sai** sự thật <script>alert(1)</script>"}, "claim_reviewed": {"Đập sắp vỡ"}, "rating": {"false"},
		"claim_date": {"2026-11-20"}, "citations": {"https://evn.example.vn/tb EVN"}, "tags": {"thiên tai, đập"}}
	resp, body = e.do(editor, http.MethodPost, "/publish", form, nil)
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/publish/1" || !strings.Contains(body, "<strong>Sai</strong>") {
		t.Fatalf("create: %d at %s\n%s", resp.StatusCode, resp.Request.URL, body)
	}
	if strings.Contains(body, "<script>alert") || !strings.Contains(body, "raw HTML omitted") {
		t.Fatal("the preview passes raw HTML through")
	}
	form.Set("body_md", "Đã sửa *nghiêng*")
	form.Set("op", "preview")
	if _, body = e.do(editor, http.MethodPost, "/publish/1", form, nil); !strings.Contains(body, "<em>nghiêng</em>") {
		t.Fatal("preview does not render the posted text")
	}
	if p, _ := svc.Store.Publication(ctx, 1); strings.Contains(p.BodyMD, "nghiêng") {
		t.Fatal("preview saved")
	}
	for _, step := range []struct {
		c      *http.Client
		path   string
		status publish.Status
	}{{editor, "/publish/1/submit", publish.InReview}, {lead, "/publish/1/approve", publish.Approved}, {lead, "/publish/1/publish", publish.Published}} {
		if resp, body := e.do(step.c, http.MethodPost, step.path, url.Values{}, nil); resp.StatusCode != 200 {
			t.Fatalf("%s: %d\n%s", step.path, resp.StatusCode, body)
		}
		if p, _ := svc.Store.Publication(ctx, 1); p.Status != step.status {
			t.Fatalf("after %s: %s", step.path, p.Status)
		}
	}
	if resp, _ := e.do(editor, http.MethodPost, "/publish/1/retract", url.Values{"reason": {"x"}}, nil); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("editor retract: %d", resp.StatusCode)
	}
	form.Del("op")
	form.Set("rating", "misleading")
	if resp, _ := e.do(lead, http.MethodPost, "/publish/1", form, nil); resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("update without a change note: %d", resp.StatusCode)
	}
	form.Set("change_note", "Làm rõ bối cảnh")
	resp, body = e.do(lead, http.MethodPost, "/publish/1", form, nil)
	if p, _ := svc.Store.Publication(ctx, 1); resp.StatusCode != 200 || p.Version != 2 || p.Rating != "misleading" || !strings.Contains(body, "Làm rõ bối cảnh") {
		t.Fatalf("update: %d %+v", resp.StatusCode, p)
	}
	if resp, _ := e.do(lead, http.MethodPost, "/publish/1/retract", url.Values{"reason": {"Nguồn sai"}}, nil); resp.StatusCode != 200 {
		t.Fatalf("retract: %d", resp.StatusCode)
	}
	_, body = e.do(editor, http.MethodGet, "/publish", nil, nil)
	if !strings.Contains(body, "Đập không vỡ") || !strings.Contains(body, "Đã thu hồi") {
		t.Fatalf("list: %s", body)
	}
}
