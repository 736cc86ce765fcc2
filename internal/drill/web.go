package drill

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"

	"github.com/factdesk/factdesk/internal/app"
	"github.com/factdesk/factdesk/internal/web"
)

// The web UI's Drills page lists the runs of the data folder it serves.
// The drill package builds on app, so app cannot call it; it is wired here.
func init() { app.DrillRuns = WebRuns }

// WebRuns reads the runs of dataDir for the web UI's read-only Drills page,
// with List, Open and ScoreRun, as factdesk drill list and drill score do.
func WebRuns(dataDir string) web.DrillRuns { return webRuns{dataDir: dataDir} }

type webRuns struct{ dataDir string }

// Runs lists the runs newest first, each with its score when it can be
// scored.
func (w webRuns) Runs(ctx context.Context) ([]web.DrillRun, error) {
	runs, err := List(w.dataDir)
	if err != nil {
		return nil, err
	}
	out := make([]web.DrillRun, 0, len(runs))
	for _, r := range slices.Backward(runs) {
		row := webRun(r)
		if s, err := ScoreRun(ctx, r); err == nil {
			row.Score = &s.Score
		}
		out = append(out, row)
	}
	return out, nil
}

// Run returns one run and its score (nil when it cannot be scored).
func (w webRuns) Run(ctx context.Context, id string) (web.DrillRun, *web.DrillScore, error) {
	if _, err := os.Stat(filepath.Join(RunsDir(w.dataDir), id, runFile)); errors.Is(err, os.ErrNotExist) {
		return web.DrillRun{}, nil, web.ErrNoDrillRun
	}
	r, err := Open(w.dataDir, id)
	if err != nil {
		return web.DrillRun{}, nil, err
	}
	row := webRun(r)
	s, err := ScoreRun(ctx, r)
	if err != nil {
		return row, nil, nil
	}
	row.Score = &s.Score
	ws := &web.DrillScore{Score: s.Score, AllMeasured: s.AllMeasured}
	for _, p := range s.Parts {
		ws.Parts = append(ws.Parts, web.DrillPart{Name: p.Name, Points: p.Points, Max: p.Max, Measured: p.Measured, Detail: p.Detail})
	}
	for _, u := range s.Units {
		ws.Units = append(ws.Units, web.DrillUnit{Unit: u.Unit, Cases: u.Cases, Verdicts: u.Verdicts, Correct: u.Correct,
			WrongVerdicts: u.WrongVerdicts, Published: u.Published, FalseAlarms: u.FalseAlarms, Expected: u.Expected, Handled: u.Handled})
	}
	return row, ws, nil
}

func webRun(r *Run) web.DrillRun {
	return web.DrillRun{ID: r.ID, Scenario: r.Scenario, Title: r.Title, Seed: r.Seed, State: r.State, Started: r.CreatedAt}
}
