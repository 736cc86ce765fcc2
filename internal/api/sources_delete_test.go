package api

import (
	"context"
	"net/http"
	"testing"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/store"
)

func TestDeleteSource(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	unit := e.unit("A", 0)
	admin := e.token("admin@example.vn", auth.Admin, unit)
	editor := e.token("editor@example.vn", auth.Editor, unit)
	s, err := e.db.CreateSource(ctx, "test", store.Source{Kind: "rss", Name: "Báo", URL: "https://bao.example/rss", UnitID: unit})
	if err != nil {
		t.Fatal(err)
	}
	resp, out := e.call(http.MethodDelete, sourcePath(s.ID), editor, "", "")
	checkProblem(t, resp, out, http.StatusForbidden, "forbidden")

	resp, out = e.call(http.MethodDelete, sourcePath(s.ID), admin, "", "")
	if resp.StatusCode != http.StatusNoContent || len(out) != 0 {
		t.Fatalf("DELETE: %d %s", resp.StatusCode, out)
	}
	if st, _ := e.db.Source(ctx, s.ID); st.State != store.SourceRemoved {
		t.Errorf("state after DELETE: %s", st.State)
	}
	for _, m := range []string{http.MethodGet, http.MethodDelete, http.MethodPatch} {
		resp, out = e.call(m, sourcePath(s.ID), admin, "application/json", `{"name": "back"}`)
		checkProblem(t, resp, out, http.StatusNotFound, "not_found")
	}
	_, out = e.call(http.MethodGet, "/api/v1/sources", admin, "", "")
	var list struct{ Sources []sourceJSON }
	decode(t, out, &list)
	if len(list.Sources) != 0 {
		t.Errorf("removed source still listed: %s", out)
	}
}
