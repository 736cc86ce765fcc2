package web

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/factdesk/factdesk/internal/auth"
)

func TestAreaPlaceholders(t *testing.T) {
	e := newEnv(t)
	createUser(t, e.store.DB, "lan@example.vn", "Lan", "", nil)
	c := e.client()
	e.mustLogin(c, "lan@example.vn")
	tests := []struct{ path, wantVI, wantEN string }{
		{"/stories", "Chuỗi tin", "Stories"},
		{"/search", "Tìm kiếm", "Search"},
		{"/alerts", "Cảnh báo", "Alerts"},
		{"/cases", "Vụ việc", "Cases"},
		{"/claims", "Thông tin cần kiểm chứng", "Claims"},
		{"/publish", "Xuất bản", "Publish"},
		{"/reports", "Báo cáo", "Reports"},
		{"/drills", "Diễn tập", "Drills"},
		{"/sources", "Nguồn", "Sources"},
		{"/admin", "Quản trị", "Admin"},
	}
	for _, tt := range tests {
		for lang, want := range map[string]string{"vi": tt.wantVI, "en": tt.wantEN} {
			resp, body := e.do(c, http.MethodGet, tt.path, nil, map[string]string{"Accept-Language": lang})
			if resp.StatusCode != http.StatusOK {
				t.Errorf("GET %s: %d", tt.path, resp.StatusCode)
				continue
			}
			doc := parseHTML(t, body)
			if h1(doc) != want {
				t.Errorf("%s %s: h1 %q, want %q", lang, tt.path, h1(doc), want)
			}
			if !strings.Contains(text(first(doc, "main")), e.h.cat.T(lang, "area.coming")) {
				t.Errorf("%s %s: no coming-soon notice", lang, tt.path)
			}
			cur := findAll(first(doc, "nav"), func(n *html.Node) bool { return attr(n, "aria-current") == "page" })
			if len(cur) != 1 || attr(cur[0], "href") != tt.path {
				t.Errorf("%s: current nav item wrong", tt.path)
			}
		}
		// Anonymous visitors are sent to log in.
		resp, _ := e.do(noFollow(e.client()), http.MethodGet, tt.path, nil, nil)
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=") {
			t.Errorf("anonymous %s: %d %q", tt.path, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
}

func TestExtraAreas(t *testing.T) {
	cases := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "real cases for "+UserFrom(r.Context()).Name+" at "+r.URL.Path)
	})
	e := newEnv(t, func(d *Deps) {
		d.Areas = []Area{
			{Path: "/cases", Key: "nav.cases", Handler: cases},
			{Path: "/training", Key: "nav.drills"},
		}
	})
	createUser(t, e.store.DB, "lan@example.vn", "Lan", "", nil)
	c := e.client()
	e.mustLogin(c, "lan@example.vn")
	for path, want := range map[string]string{"/cases": "real cases for Lan at /cases", "/cases/12": "real cases for Lan at /cases/12"} {
		if _, body := e.do(c, http.MethodGet, path, nil, nil); body != want {
			t.Errorf("GET %s = %q", path, body)
		}
	}
	_, body := e.do(c, http.MethodGet, "/training", nil, nil)
	doc := parseHTML(t, body)
	links := byTag(first(doc, "nav"), "a")
	if len(links) != 13 || attr(links[len(links)-2], "href") != "/training" || attr(links[4], "href") != "/cases" {
		t.Errorf("nav after extra areas: %d links", len(links))
	}
	if resp, _ := e.do(noFollow(e.client()), http.MethodGet, "/cases/3", nil, nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous area handler: %d, want redirect to login", resp.StatusCode)
	}
}

func TestUnitPath(t *testing.T) {
	e := newEnv(t)
	commune := seedProvince(t, e)
	units, err := e.store.Units(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	by := map[int64]auth.Unit{}
	for _, u := range units {
		by[u.ID] = u
	}
	if got := unitPath(by, commune); got != "Tỉnh Lạng Sơn › Xã Tân Thành" {
		t.Errorf("unitPath = %q", got)
	}
	if got := unitPath(by, 999); got != "#999" {
		t.Errorf("unitPath(missing) = %q", got)
	}
	by[1] = auth.Unit{ID: 1, ParentID: 2, Name: "A"}
	by[2] = auth.Unit{ID: 2, ParentID: 1, Name: "B"}
	if got := unitPath(by, 1); got != "B › A" {
		t.Errorf("unitPath(cycle) = %q", got)
	}
}
