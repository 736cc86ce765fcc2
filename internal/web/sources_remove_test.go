package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/store"
)

func TestSourcesRemove(t *testing.T) {
	e := newSourcesEnv(t, false)
	s := e.source(store.Source{Name: "VnExpress", URL: "https://vnexpress.net/rss", UnitID: e.district})
	path := "/sources/" + strconv.FormatInt(s.ID, 10)

	// The source page links to a confirmation; the confirmation posts.
	if links := byAttr(e.page(e.districtAdmin, path, http.StatusOK), "a", "href", path+"/remove"); len(links) != 1 {
		t.Fatal("no remove link")
	}
	doc := e.page(e.districtAdmin, path+"/remove", http.StatusOK)
	if !strings.Contains(text(first(doc, "main")), "Remove the source “VnExpress”?") {
		t.Errorf("confirmation text: %q", text(first(doc, "main")))
	}
	if forms := byAttr(doc, "form", "action", path+"/remove"); len(forms) != 1 || attr(forms[0], "method") != "post" {
		t.Fatal("no confirmation form")
	}
	e.page(e.viewer, path+"/remove", http.StatusForbidden)
	if resp, _ := e.do(e.viewer, http.MethodPost, path+"/remove", nil, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("viewer remove: %d", resp.StatusCode)
	}

	resp, body := e.do(e.districtAdmin, http.MethodPost, path+"/remove", nil, nil)
	if resp.StatusCode != http.StatusOK || resp.Request.URL.String() != e.srv.URL+"/sources?msg=removed" {
		t.Fatalf("remove: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	doc = parseHTML(t, body)
	if !strings.Contains(text(first(doc, "main")), "The source was removed.") || len(byTag(doc, "table")) != 0 {
		t.Error("list after removal")
	}
	if got, _ := e.store.Source(context.Background(), s.ID); got.State != store.SourceRemoved {
		t.Errorf("state %s", got.State)
	}
	e.page(e.districtAdmin, path, http.StatusNotFound)
}
