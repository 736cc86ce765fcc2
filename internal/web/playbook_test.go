package web

import (
	"net/http"
	"strings"
	"testing"
)

// The playbook has its five guides in each language, is in the navigation,
// and needs a signed-in user.
func TestPlaybook(t *testing.T) {
	e := newEnv(t)
	createUser(t, e.store.DB, "vi@example.org", "Lan", "vi", nil)
	createUser(t, e.store.DB, "en@example.org", "Ann", "en", nil)
	anon := noFollow(e.client())
	if resp, _ := e.do(anon, http.MethodGet, "/playbook", nil, nil); resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusFound {
		t.Fatalf("anonymous: %d, want a redirect to the login", resp.StatusCode)
	}
	for _, c := range []struct{ email, heading, guide string }{
		{"vi@example.org", "Cẩm nang kiểm chứng", "Văn bản chính thức giả mạo"},
		{"en@example.org", "Verification playbook", "A forged official document"},
	} {
		cl := e.client()
		e.mustLogin(cl, c.email)
		resp, body := e.do(cl, http.MethodGet, "/playbook", nil, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", c.email, resp.StatusCode)
		}
		doc := parseHTML(t, body)
		if h1 := first(doc, "h1"); h1 == nil || text(h1) != c.heading {
			t.Errorf("%s: heading %q", c.email, text(h1))
		}
		ids := map[string]bool{}
		for _, s := range byTag(doc, "section") {
			ids[attr(s, "id")] = len(byTag(s, "li")) >= 4
		}
		for _, id := range []string{"quote", "statistic", "image-video", "old-story", "document"} {
			if !ids[id] {
				t.Errorf("%s: no guide #%s with its steps", c.email, id)
			}
		}
		if !strings.Contains(body, c.guide) {
			t.Errorf("%s: the forged-document guide is not titled %q", c.email, c.guide)
		}
		inNav := false
		for _, a := range byTag(doc, "a") {
			inNav = inNav || (attr(a, "href") == "/playbook" && attr(a, "aria-current") == "page")
		}
		if !inNav {
			t.Errorf("%s: the navigation does not link the playbook as the current page", c.email)
		}
		if strings.Contains(body, "drill-banner") {
			t.Errorf("%s: a drill banner outside a drill", c.email)
		}
		if resp, _ := e.do(cl, http.MethodGet, "/playbook/nothing", nil, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("/playbook/nothing: %d", resp.StatusCode)
		}
	}
}

// A drill workspace marks every page plainly.
func TestDrillBanner(t *testing.T) {
	e := newEnv(t, func(d *Deps) { d.Drill = "run-7" })
	createUser(t, e.store.DB, "en@example.org", "Ann", "en", nil)
	cl := e.client()
	for _, c := range []struct{ path, banner, title string }{
		{"/login", "DIỄN TẬP (DRILL) — không phải dữ liệu thật", "[DIỄN TẬP]"}, // the browser asked for no language
		{"/", "DRILL — not real data", "[DRILL]"},                              // the user's language
	} {
		if c.path == "/" {
			e.mustLogin(cl, "en@example.org")
		}
		_, body := e.do(cl, http.MethodGet, c.path, nil, nil)
		doc := parseHTML(t, body)
		banner := byAttr(doc, "p", "class", "drill-banner")
		if len(banner) != 1 || !strings.Contains(text(banner[0]), c.banner) || !strings.Contains(text(banner[0]), "run-7") {
			t.Errorf("%s: no drill banner %q naming the run", c.path, c.banner)
		}
		if title := first(doc, "title"); title == nil || !strings.HasPrefix(text(title), c.title) {
			t.Errorf("%s: the title does not start with %s", c.path, c.title)
		}
	}
}
