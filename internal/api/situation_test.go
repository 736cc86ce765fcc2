package api

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/report"
	"github.com/factdesk/factdesk/internal/store"
)

func TestSituationIsScopedByUnit(t *testing.T) {
	e := newEnv(t, func(d *Deps) { d.Situations = report.NewBuilder(d.Store.(*store.DB), d.Clock) })
	ctx := context.Background()
	root := e.unit("Tỉnh A", 0)
	x := e.unit("Xã X", root)
	y := e.unit("Xã Y", root)
	for i, unit := range []int64{x, x, y} {
		src, err := e.db.CreateSource(ctx, "test", store.Source{Kind: "rss", Name: fmt.Sprint("s", i), URL: fmt.Sprint("https://example.org/", i), UnitID: unit})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.db.UpsertPosts(ctx, []post.Post{{SourceID: src.ID, ExternalID: "1", ContentHash: fmt.Sprint(i), Text: "tin",
			PublishedAt: t0.Add(-time.Hour), FetchedAt: t0}}); err != nil {
			t.Fatal(err)
		}
	}
	viewerX := e.token("x@example.vn", auth.Viewer, x)
	lead := e.token("lead@example.vn", auth.Lead, root)

	// The viewer of X gets X by default, with X's two posts.
	resp, body := e.call(http.MethodGet, "/api/v1/situation", viewerX, "", "")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var s report.Situation
	decode(t, body, &s)
	if f, _ := s.Figure("posts"); s.Unit.ID != x || f.Value != 2 || len(s.BucketLabels) != 7 {
		t.Errorf("viewer of X: unit %d, posts %d, %d buckets; want X, 2, 7 days", s.Unit.ID, f.Value, len(s.BucketLabels))
	}
	// Y is outside their scope: not found, as for any record.
	resp, body = e.call(http.MethodGet, fmt.Sprintf("/api/v1/situation?unit_id=%d", y), viewerX, "", "")
	checkProblem(t, resp, body, http.StatusNotFound, "not_found")

	// The lead of the root sees all three posts, over a period they choose.
	from, to := t0.Add(-24*time.Hour).Format(time.RFC3339), t0.Format(time.RFC3339)
	resp, body = e.call(http.MethodGet, fmt.Sprintf("/api/v1/situation?unit_id=%d&from=%s&to=%s", root, from, to), lead, "", "")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	decode(t, body, &s)
	if f, _ := s.Figure("posts"); f.Value != 3 || s.Bucket != "hour" || len(s.Volume) != 1 || s.Volume[0].Counts[23] != 3 {
		t.Errorf("lead of the root: posts %d, bucket %s, volume %+v", f.Value, s.Bucket, s.Volume)
	}
	// Bad parameters are named.
	resp, body = e.call(http.MethodGet, "/api/v1/situation?unit_id=abc&from=yesterday", lead, "", "")
	p := checkProblem(t, resp, body, http.StatusBadRequest, "invalid")
	if len(p.Errors) != 2 {
		t.Errorf("field errors %+v, want unit_id and from", p.Errors)
	}
}
