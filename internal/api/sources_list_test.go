package api

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/store"
)

func TestListAndGetSources(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	unit := e.unit("A", 0)
	viewer := e.token("viewer@example.vn", auth.Viewer, unit)
	a, err := e.db.CreateSource(ctx, "test", store.Source{Kind: "rss", Name: "Báo A", URL: "https://a.example/rss", UnitID: unit,
		Every: 10 * time.Minute, Settings: map[string]string{"api_key": "k"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.CreateSource(ctx, "test", store.Source{Kind: "rss", Name: "Báo B", URL: "https://b.example/rss"}); err != nil {
		t.Fatal(err)
	}
	if err := e.db.RecordFetch(ctx, a.ID, store.FetchOutcome{Err: errors.New("rss: https://a.example/rss: HTTP 503"), NextPollAt: t0.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}

	resp, out := e.call(http.MethodGet, "/api/v1/sources", viewer, "", "")
	var list struct{ Sources []sourceJSON }
	decode(t, out, &list)
	if resp.StatusCode != http.StatusOK || len(list.Sources) != 2 {
		t.Fatalf("list: %d %s", resp.StatusCode, out)
	}
	got := list.Sources[0]
	if got.Name != "Báo A" || got.State != "failing" || got.Health.ConsecutiveFailures != 1 || got.Health.LastError == "" ||
		got.Health.LastErrorAt == nil || got.Health.LastSuccessAt != nil || got.UnitID == nil || *got.UnitID != unit || got.Every != "10m" {
		t.Errorf("first source: %+v", got)
	}
	if got.Settings["api_key"] != "********" {
		t.Errorf("secret shown: %v", got.Settings)
	}
	if list.Sources[1].UnitID != nil {
		t.Errorf("a source without a unit has unit_id %v", *list.Sources[1].UnitID)
	}

	resp, out = e.call(http.MethodGet, sourcePath(a.ID), viewer, "", "")
	var one sourceJSON
	decode(t, out, &one)
	if resp.StatusCode != http.StatusOK || one.ID != a.ID || one.Health.LastError != "rss: https://a.example/rss: HTTP 503" {
		t.Errorf("get: %d %s", resp.StatusCode, out)
	}
	for _, path := range []string{sourcePath(999), "/api/v1/sources/abc", "/api/v1/sources/-1"} {
		resp, out = e.call(http.MethodGet, path, viewer, "", "")
		checkProblem(t, resp, out, http.StatusNotFound, "not_found")
	}
}
