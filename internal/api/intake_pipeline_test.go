package api

import (
	"context"
	"log/slog"
	"net/http"
	"testing"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/config"
	"github.com/factdesk/factdesk/internal/pipeline"
	"github.com/factdesk/factdesk/internal/store"
)

// TestIntakeThroughPipeline pushes through the real intake queue (an
// embedded JetStream in a temporary folder) and writer.
func TestIntakeThroughPipeline(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an embedded NATS server")
	}
	var db *store.DB
	e := newEnv(t, func(d *Deps) {
		db = d.Store.(*store.DB)
		p, err := pipeline.Open(context.Background(), pipeline.Options{Config: config.Config{DataDir: t.TempDir()},
			Store: db, Logger: slog.New(slog.DiscardHandler), Clock: d.Clock})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { p.Close() })
		d.Submitter = p
	})
	tok := e.token("an@example.vn", auth.Analyst, e.unit("A", 0))
	body := `{"id": "1", "text": "Một"}` + "\n" + `{"id": "2"}` + "\n" + `{"id": "3", "text": "Ba"}` + "\n"
	for round, want := range []string{"imported", "duplicate"} {
		resp, out := e.call(http.MethodPost, "/api/v1/intake?source=nats", tok, "application/x-ndjson", body)
		var res intakeResponse
		decode(t, out, &res)
		if resp.StatusCode != http.StatusOK || len(res.Results) != 3 {
			t.Fatalf("round %d: %d %s", round, resp.StatusCode, out)
		}
		if res.Results[0].Status != want || res.Results[1].Status != "rejected" || res.Results[2].Status != want {
			t.Errorf("round %d: %+v", round, res.Results)
		}
	}
}
