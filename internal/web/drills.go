package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"time"
)

// DrillRun is one drill run as the Drills page shows it.
type DrillRun struct {
	ID       string // "run-3"
	Scenario string // "builtin:vi-basic"
	Title    string
	Seed     uint64
	State    string    // running, paused, stopped, finished or failed
	Started  time.Time // wall clock
	// Score is the score out of 100, nil when the run could not be scored.
	Score *float64
}

// DrillScore is the score of one run: its parts and each unit's results.
type DrillScore struct {
	Score       float64
	AllMeasured bool
	Parts       []DrillPart
	Units       []DrillUnit
}

// DrillPart is one component of a drill's score.
type DrillPart struct {
	Name        string
	Points, Max float64
	Measured    bool
	Detail      string
}

// DrillUnit is the work of one unit in a drill.
type DrillUnit struct {
	Unit                                      string
	Cases, Verdicts, Correct, WrongVerdicts   int
	Published, FalseAlarms, Expected, Handled int
}

// DrillRuns reads the drill runs of the data folder (the drill package
// implements it over DATA/drills/).
type DrillRuns interface {
	// Runs lists the runs, newest first.
	Runs(ctx context.Context) ([]DrillRun, error)
	// Run returns one run ("run-3") and its score (nil when it cannot be
	// scored); ErrNoDrillRun when there is no such run.
	Run(ctx context.Context, id string) (DrillRun, *DrillScore, error)
}

// ErrNoDrillRun is what DrillRuns.Run returns for an unknown run.
var ErrNoDrillRun = errors.New("web: no such drill run")

// DrillsDeps turn the Drills placeholder into the read-only Drills page.
type DrillsDeps struct {
	Runs DrillRuns
}

// DrillsPath is where the drill runs are listed; /drills/{run} shows one.
const DrillsPath = "/drills"

// drillPartKey is the catalogue key of a score part's name, and
// drillStateKey that of a run's state (the templates build it the same way).
const (
	drillPartKey  = "drills.part_%s"
	drillStateKey = "drills.state_%s"
)

var drillRunID = regexp.MustCompile(`^run-[0-9]{1,9}$`)

type drillsUI struct {
	h    *Handler
	runs DrillRuns
}

// drillRow is a run in the list.
type drillRow struct {
	DrillRun
	Started string
	Score   string // "72.5", "" when not scored
}

type drillsPage struct {
	Runs []drillRow
}

type drillPage struct {
	Run   drillRow
	Score *DrillScore
	Parts []drillPartRow
}

// drillPartRow is a score part with its name in the reader's language
// (the drill package's name when the catalogue has none).
type drillPartRow struct {
	DrillPart
	Label string
}

// drillsArea builds the read-only Drills area.
func (h *Handler) drillsArea(d DrillsDeps) (Area, error) {
	if d.Runs == nil {
		return Area{}, errors.New("web: DrillsDeps.Runs is required")
	}
	ui := &drillsUI{h: h, runs: d.Runs}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /drills", ui.list)
	mux.HandleFunc("GET /drills/{run}", ui.show)
	mux.HandleFunc("/drills/", h.notFound)
	return Area{Path: DrillsPath, Key: "nav.drills", Handler: mux}, nil
}

func (ui *drillsUI) row(r DrillRun) drillRow {
	row := drillRow{DrillRun: r, Started: r.Started.UTC().Format("2006-01-02 15:04 UTC")}
	if r.Started.IsZero() {
		row.Started = ""
	}
	if r.Score != nil {
		row.Score = strconv.FormatFloat(*r.Score, 'f', 1, 64)
	}
	return row
}

func (ui *drillsUI) list(w http.ResponseWriter, r *http.Request) {
	runs, err := ui.runs.Runs(r.Context())
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	p := drillsPage{Runs: make([]drillRow, 0, len(runs))}
	for _, run := range runs {
		p.Runs = append(p.Runs, ui.row(run))
	}
	ui.h.render(w, r, http.StatusOK, "drills", "drills.title", p)
}

func (ui *drillsUI) show(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("run")
	if !drillRunID.MatchString(id) {
		ui.h.notFound(w, r)
		return
	}
	run, score, err := ui.runs.Run(r.Context(), id)
	if errors.Is(err, ErrNoDrillRun) {
		ui.h.notFound(w, r)
		return
	}
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	p := drillPage{Run: ui.row(run), Score: score}
	if score != nil {
		lang := ui.h.locale(r)
		for _, part := range score.Parts {
			row := drillPartRow{DrillPart: part, Label: part.Name}
			if key := fmt.Sprintf(drillPartKey, part.Name); ui.h.cat.Has(lang, key) {
				row.Label = ui.h.cat.T(lang, key)
			}
			p.Parts = append(p.Parts, row)
		}
	}
	ui.h.render(w, r, http.StatusOK, "drill", "drills.title", p)
}
