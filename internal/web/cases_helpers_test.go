package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/casework"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/desk"
	"github.com/factdesk/factdesk/internal/store"
)

// deskEnv is the web UI with the case desk over a real SQLite store: a
// province with two communes (A and B), and users with each role in A, a
// lead of the province and an editor of B.
type deskEnv struct {
	*testEnv
	svc      *casework.Service
	svcClock *clock.Fake // the desk's clock (due times); the store runs on the real one
	province int64
	unitA    int64
	unitB    int64
	users    map[string]auth.User // by role name: viewer, analyst, editor, lead (of A), chief (lead of the province), sibling (editor of B)
	clients  map[string]*http.Client
	alertSeq int
}

func newDeskEnv(t *testing.T) *deskEnv {
	t.Helper()
	fake := clock.NewFake(time.Now().UTC().Truncate(time.Second))
	var svc *casework.Service
	e := newEnv(t, func(d *Deps) {
		db := d.Store.(*hookStore).DB
		svc = &casework.Service{DB: db, Clock: fake, Fetch: http.DefaultClient}
		d.Clock = clock.Real{}
		d.Desk = svc
		d.Alerts = &AlertsDeps{Store: db}
	})
	de := &deskEnv{testEnv: e, svc: svc, svcClock: fake, users: map[string]auth.User{}, clients: map[string]*http.Client{}}
	ctx := context.Background()
	p, err := e.store.CreateUnit(ctx, "cli", auth.Unit{Name: "Tỉnh Lạng Sơn", Level: "province"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := e.store.CreateUnit(ctx, "cli", auth.Unit{Name: "Xã Tân Thành", Level: "commune", ParentID: p.ID})
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.store.CreateUnit(ctx, "cli", auth.Unit{Name: "Xã Hoà Bình", Level: "commune", ParentID: p.ID})
	if err != nil {
		t.Fatal(err)
	}
	de.province, de.unitA, de.unitB = p.ID, a.ID, b.ID
	for _, u := range []struct {
		key, name string
		unit      int64
		role      auth.Role
	}{
		{"viewer", "Vũ Viên", a.ID, auth.Viewer},
		{"analyst", "Phạm An", a.ID, auth.Analyst},
		{"editor", "Trần Biên", a.ID, auth.Editor},
		{"lead", "Lê Lãnh", a.ID, auth.Lead},
		{"chief", "Đỗ Trưởng", p.ID, auth.Lead},
		{"sibling", "Hồ Bình", b.ID, auth.Editor},
	} {
		de.users[u.key] = createUser(t, e.store.DB, u.key+"@example.vn", u.name, "en", &auth.Membership{UnitID: u.unit, Role: u.role})
	}
	return de
}

// as returns a client logged in as the user of key, logging in on first use.
func (e *deskEnv) as(key string) *http.Client {
	e.t.Helper()
	if c, ok := e.clients[key]; ok {
		return c
	}
	c := e.client()
	e.mustLogin(c, key+"@example.vn")
	e.clients[key] = c
	return c
}

// caller is the desk caller of the user of key.
func (e *deskEnv) caller(key string) casework.Caller {
	e.t.Helper()
	c, err := e.svc.CallerFor(context.Background(), e.users[key].ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// alert stores an open tip-like alert of unit with score.
func (e *deskEnv) alert(unit int64, score float64, text string) store.Alert {
	e.t.Helper()
	e.alertSeq++
	now := time.Now().UTC().Add(-time.Duration(e.alertSeq) * time.Minute)
	as := []store.Alert{{Kind: "manual", Key: fmt.Sprintf("test:%d", e.alertSeq), UnitID: unit, BucketStart: now, At: now,
		Score: score, Explanation: text, Details: []byte(`{}`)}}
	if _, err := e.store.InsertAlerts(context.Background(), as); err != nil {
		e.t.Fatal(err)
	}
	return as[0]
}

// openCase opens a case in unit as the province lead.
func (e *deskEnv) openCase(unit int64, title, priority string) desk.Case {
	e.t.Helper()
	cs, err := e.svc.Create(context.Background(), e.caller("chief"), casework.NewCase{Title: title, UnitID: unit, Priority: priority})
	if err != nil {
		e.t.Fatal(err)
	}
	return cs
}

// page GETs path as key and parses it, failing unless the status is want.
func (e *deskEnv) page(key, path string, want int) *html.Node {
	e.t.Helper()
	resp, body := e.do(e.as(key), http.MethodGet, path, nil, nil)
	if resp.StatusCode != want {
		e.t.Fatalf("GET %s as %s: %d, want %d\n%s", path, key, resp.StatusCode, want, body)
	}
	return parseHTML(e.t, body)
}

// post sends a form as key and returns where the browser ended up and the
// page, failing unless the final status is want.
func (e *deskEnv) post(key, path string, form url.Values, want int) (string, *html.Node) {
	e.t.Helper()
	resp, body := e.do(e.as(key), http.MethodPost, path, form, nil)
	if resp.StatusCode != want {
		e.t.Fatalf("POST %s as %s: %d, want %d\n%s", path, key, resp.StatusCode, want, body)
	}
	return resp.Request.URL.RequestURI(), parseHTML(e.t, body)
}

// upload posts a multipart form with one file as key.
func (e *deskEnv) upload(key, path string, fields map[string]string, filename string, content []byte) (*http.Response, string) {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			e.t.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile("file", filename)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := fw.Write(content); err != nil {
		e.t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		e.t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, e.srv.URL+path, &buf)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := e.as(key).Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// hasForm reports whether the page has a POST form to action.
func hasForm(doc *html.Node, action string) bool {
	for _, f := range byAttr(doc, "form", "action", action) {
		if attr(f, "method") == "post" {
			return true
		}
	}
	return false
}

// contains fails unless the text of n contains every want.
func contains(t *testing.T, what string, n *html.Node, want ...string) {
	t.Helper()
	got := text(n)
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, got)
		}
	}
}
