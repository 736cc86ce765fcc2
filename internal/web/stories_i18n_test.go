package web

import (
	"cmp"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/i18n"
)

// TestUnderstandKeysExist checks the keys the Stories, Alerts and Search
// pages build at run time.
func TestUnderstandKeysExist(t *testing.T) {
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{"alerts.status.all": true, "alerts.kind.all": true}
	for _, w := range storyWindows() {
		keys["stories.window."+w.Name] = true
	}
	for _, k := range alertKinds() {
		keys["alerts.kind."+k] = true
	}
	for _, s := range alertStatuses() {
		keys["alerts.status."+s] = true
	}
	for _, s := range searchSince() {
		keys["search.since."+cmp.Or(s.Value, "any")] = true
	}
	for _, l := range []string{"any", i18n.Vietnamese, i18n.English} {
		keys["search.lang."+l] = true
	}
	checkKeys(t, cat, keys, "Stories, Alerts and Search pages")
}

// TestUnderstandDepsNeedTheirStores: a page set without what it reads
// fails New, and leaving them unset keeps the placeholders.
func TestUnderstandDepsNeedTheirStores(t *testing.T) {
	for name, set := range map[string]func(*Deps){
		"stories": func(d *Deps) { d.Stories = &StoriesDeps{} },
		"alerts":  func(d *Deps) { d.Alerts = &AlertsDeps{} },
		"search":  func(d *Deps) { d.Search = &SearchDeps{Store: d.Store.(*hookStore).DB} },
	} {
		e := newEnv(t)
		d := Deps{Store: e.store, Sessions: e.store.Sessions(), Clock: e.clock}
		set(&d)
		if _, err := New(d); err == nil || !strings.Contains(err.Error(), "required") {
			t.Errorf("%s: New = %v, want a missing store error", name, err)
		}
	}
	e := newEnv(t)
	createUser(t, e.store.DB, "lan@example.vn", "Lan", "en", nil)
	c := e.client()
	e.mustLogin(c, "lan@example.vn")
	for _, path := range []string{"/stories", "/alerts", "/search"} {
		_, body := e.do(c, "GET", path, nil, nil)
		if !strings.Contains(body, "coming soon") {
			t.Errorf("%s without its deps is not the placeholder", path)
		}
	}
}
