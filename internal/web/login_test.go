package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/auth"
)

// seedProvince makes a province with a commune below it and returns the
// commune's id.
func seedProvince(t *testing.T, e *testEnv) int64 {
	t.Helper()
	ctx := context.Background()
	p, err := e.store.CreateUnit(ctx, "cli", auth.Unit{Name: "Tỉnh Lạng Sơn", Level: "province"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.store.CreateUnit(ctx, "cli", auth.Unit{Name: "Xã Tân Thành", Level: "commune", ParentID: p.ID})
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

func TestLoginFormHasLabelledFields(t *testing.T) {
	e := newEnv(t)
	resp, body := e.do(e.client(), http.MethodGet, "/login?next=/cases", nil, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /login: %d", resp.StatusCode)
	}
	doc := parseHTML(t, body)
	forms := byAttr(doc, "form", "action", "/login")
	if len(forms) != 1 || attr(forms[0], "method") != "post" {
		t.Fatalf("want one POST form to /login, got %d", len(forms))
	}
	for _, name := range []string{"email", "password"} {
		in := byAttr(forms[0], "input", "name", name)
		if len(in) != 1 {
			t.Fatalf("no input named %s", name)
		}
		id := attr(in[0], "id")
		if len(byAttr(forms[0], "label", "for", id)) != 1 {
			t.Errorf("input %s (id %q) has no label", name, id)
		}
	}
	if next := byAttr(forms[0], "input", "name", "next"); len(next) != 1 || attr(next[0], "value") != "/cases" {
		t.Errorf("hidden next field missing or wrong")
	}
	for _, tag := range []string{"header", "main", "footer"} {
		if first(doc, tag) == nil {
			t.Errorf("no <%s> landmark", tag)
		}
	}
	if first(doc, "nav") != nil {
		t.Errorf("anonymous page shows the navigation")
	}
}

func TestLoginShowsDashboard(t *testing.T) {
	e := newEnv(t)
	commune := seedProvince(t, e)
	createUser(t, e.store.DB, "lan@example.vn", "Nguyễn Thị Lan", "", &auth.Membership{UnitID: commune, Role: auth.Editor})
	c := e.client()
	resp, body := e.login(c, "Lan@Example.vn ", testPassword, nil)
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/" {
		t.Fatalf("login: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	doc := parseHTML(t, body)
	if got := pageLang(doc); got != "vi" {
		t.Errorf("lang = %q, want vi", got)
	}
	if got := h1(doc); got != "Xin chào, Nguyễn Thị Lan" {
		t.Errorf("h1 = %q", got)
	}
	rows := byTag(first(doc, "tbody"), "tr")
	if len(rows) != 1 || text(rows[0]) != "Tỉnh Lạng Sơn › Xã Tân Thành Biên tập viên" {
		t.Errorf("memberships = %q", text(first(doc, "tbody")))
	}
	nav := first(doc, "nav")
	links := byTag(nav, "a")
	want := []string{"Tổng quan", "Chuỗi tin", "Tìm kiếm", "Cảnh báo", "Vụ việc", "Thông tin cần kiểm chứng",
		"Xuất bản", "Báo cáo", "Diễn tập", "Nguồn", "Quản trị", "Cẩm nang kiểm chứng"}
	if len(links) != len(want) {
		t.Fatalf("nav has %d links, want %d", len(links), len(want))
	}
	for i, a := range links {
		if text(a) != want[i] {
			t.Errorf("nav link %d = %q, want %q", i, text(a), want[i])
		}
	}
	if attr(links[0], "aria-current") != "page" {
		t.Errorf("dashboard link not marked current")
	}
	if len(byAttr(doc, "form", "action", "/logout")) != 1 {
		t.Errorf("no logout form")
	}
	if len(byAttr(doc, "form", "action", "/locale")) != 1 {
		t.Errorf("no language switcher")
	}
}

func TestLoginFailuresLookAlike(t *testing.T) {
	e := newEnv(t)
	u := createUser(t, e.store.DB, "lan@example.vn", "Lan", "", nil)
	off := createUser(t, e.store.DB, "off@example.vn", "Off", "", nil)
	e.store.setDisabled(off.ID, true)
	tests := []struct{ name, email, password string }{
		{"wrong password", u.Email, "not the password"},
		{"unknown user", "nobody@example.vn", testPassword},
		{"disabled user", off.Email, testPassword},
		{"empty form", "", ""},
	}
	var messages []string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := e.client()
			resp, body := e.login(c, tt.email, tt.password, map[string]string{hdrClientIP: "10.0.0." + tt.name})
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("status %d, want 401", resp.StatusCode)
			}
			doc := parseHTML(t, body)
			alert := byAttr(doc, "div", "role", "alert")
			if len(alert) != 1 {
				t.Fatalf("no alert on the page")
			}
			messages = append(messages, text(alert[0]))
			if got := attr(byAttr(doc, "input", "name", "email")[0], "value"); got != strings.ToLower(tt.email) {
				t.Errorf("email field = %q, want it kept", got)
			}
			if e.sessionToken(c) != "" {
				t.Errorf("a failed login set a session cookie")
			}
		})
	}
	for _, m := range messages {
		if m != "Email hoặc mật khẩu không đúng." {
			t.Errorf("message %q differs", m)
		}
	}
}

func TestLoginGoesToSameOriginNextOnly(t *testing.T) {
	e := newEnv(t)
	createUser(t, e.store.DB, "lan@example.vn", "Lan", "", nil)
	tests := []struct{ next, wantPath string }{
		{"/cases", "/cases"},
		{"https://evil.example/", "/"},
	} // more cases in TestSafeNext
	for _, tt := range tests {
		c := e.client()
		form := url.Values{"email": {"lan@example.vn"}, "password": {testPassword}, "next": {tt.next}}
		resp, _ := e.do(c, http.MethodPost, "/login", form, nil)
		if resp.StatusCode != http.StatusOK || resp.Request.URL.Host != strings.TrimPrefix(e.srv.URL, "http://") || resp.Request.URL.Path != tt.wantPath {
			t.Errorf("next %q: landed on %s (%d), want %s", tt.next, resp.Request.URL, resp.StatusCode, tt.wantPath)
		}
	}
}

func TestAnonymousPageRedirectsToLoginAndBack(t *testing.T) {
	e := newEnv(t)
	createUser(t, e.store.DB, "lan@example.vn", "Lan", "", nil)
	c := e.client()
	resp, body := e.do(c, http.MethodGet, "/alerts?since=1h", nil, nil)
	if resp.Request.URL.Path != "/login" || resp.Request.URL.Query().Get("next") != "/alerts?since=1h" {
		t.Fatalf("anonymous /alerts went to %s", resp.Request.URL)
	}
	doc := parseHTML(t, body)
	next := byAttr(doc, "input", "name", "next")
	form := url.Values{"email": {"lan@example.vn"}, "password": {testPassword}, "next": {attr(next[0], "value")}}
	resp, _ = e.do(c, http.MethodPost, "/login", form, nil)
	if resp.Request.URL.RequestURI() != "/alerts?since=1h" {
		t.Errorf("after login at %s, want /alerts?since=1h", resp.Request.URL)
	}
	// A logged-in visit to /login goes on.
	resp, _ = e.do(c, http.MethodGet, "/login?next=/cases", nil, nil)
	if resp.Request.URL.Path != "/cases" {
		t.Errorf("GET /login when logged in went to %s", resp.Request.URL)
	}
}

// TestLoginRenewsSessionToken guards against session fixation: a login
// issues a new token and the old one stops working.
func TestLoginRenewsSessionToken(t *testing.T) {
	e := newEnv(t)
	createUser(t, e.store.DB, "a@example.vn", "An", "", nil)
	createUser(t, e.store.DB, "b@example.vn", "Bình", "", nil)
	c := e.client()
	e.mustLogin(c, "a@example.vn")
	before := e.sessionToken(c)
	e.mustLogin(c, "b@example.vn")
	after := e.sessionToken(c)
	if before == "" || before == after {
		t.Fatalf("token not renewed: %q -> %q", before, after)
	}
	old := noFollow(&http.Client{})
	resp, _ := e.do(old, http.MethodGet, "/", nil, map[string]string{"Cookie": sessionCookie + "=" + before})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login" {
		t.Errorf("old token still works: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestSessionCookieAttributes(t *testing.T) {
	for _, tt := range []struct {
		base   string
		secure bool
	}{{"", false}, {"http://desk.example", false}, {"https://desk.example", true}} {
		e := newEnv(t, func(d *Deps) { d.BaseURL = tt.base })
		createUser(t, e.store.DB, "lan@example.vn", "Lan", "", nil)
		resp, _ := e.login(noFollow(e.client()), "lan@example.vn", testPassword, nil)
		var ck *http.Cookie
		for _, x := range resp.Cookies() {
			if x.Name == sessionCookie {
				ck = x
			}
		}
		if ck == nil {
			t.Fatalf("%q: no session cookie", tt.base)
		}
		if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure != tt.secure || ck.Path != "/" {
			t.Errorf("%q: cookie %+v", tt.base, ck)
		}
	}
}

func TestNewRejectsBadDeps(t *testing.T) {
	e := newEnv(t)
	good := Deps{Store: e.store, Sessions: e.store.Sessions(), Clock: e.clock}
	bad := []func(*Deps){
		func(d *Deps) { d.Store = nil },
		func(d *Deps) { d.Sessions = nil },
		func(d *Deps) { d.Clock = nil },
		func(d *Deps) { d.BaseURL = "ftp://desk.example" },
		func(d *Deps) { d.BaseURL = "desk.example" },
		func(d *Deps) { d.Areas = []Area{{Path: "/login", Key: "nav.cases"}} },
		func(d *Deps) { d.Areas = []Area{{Path: "/", Key: "nav.cases"}} },
		func(d *Deps) { d.Areas = []Area{{Path: "/cases/{id}", Key: "nav.cases"}} },
		func(d *Deps) { d.Areas = []Area{{Path: "/static", Key: "nav.cases"}} },
		func(d *Deps) { d.Areas = []Area{{Path: "/x"}} },
	}
	for i, fn := range bad {
		d := good
		fn(&d)
		if _, err := New(d); err == nil {
			t.Errorf("case %d: New accepted bad deps", i)
		}
	}
}
