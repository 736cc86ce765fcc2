package drill

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/store"
)

// Run states.
const (
	StateRunning  = "running"
	StatePaused   = "paused"
	StateStopped  = "stopped"
	StateFinished = "finished"
	StateFailed   = "failed"
)

// Run is the record of one drill, kept as run.json in its workspace.
type Run struct {
	ID            string    `json:"id"` // "run-3"
	Scenario      string    `json:"scenario"`
	Title         string    `json:"title"`
	Seed          uint64    `json:"seed"`
	Speed         string    `json:"speed"` // "30" or "max"
	Autopilot     bool      `json:"autopilot"`
	State         string    `json:"state"`
	CreatedAt     time.Time `json:"created_at"`             // wall clock
	ScenarioStart time.Time `json:"scenario_start"`         // scenario time at T+0
	ScenarioNow   time.Time `json:"scenario_now,omitzero"`  // how far the drill has got
	Posts         int       `json:"posts"`                  // generated
	Fed           int       `json:"fed"`                    // fed through the pipeline so far
	Addr          string    `json:"addr,omitempty"`         // where its UI is served, while it runs
	WallSeconds   float64   `json:"wall_seconds,omitempty"` // how long the run took
	Error         string    `json:"error,omitempty"`        // why it failed
	FinishedAt    time.Time `json:"finished_at,omitzero"`   // wall clock
	Units         []string  `json:"units,omitempty"`        // names, for the report
	Team          []string  `json:"team,omitempty"`         // e-mail addresses
	Skipped       []string  `json:"skipped,omitempty"`      // autopilot steps the API could not take
	DataDir       string    `json:"-"`                      // the workspace folder
	scenario      *Scenario
}

// Workspace file names.
const (
	runFile      = "run.json"
	scenarioFile = "scenario.yaml"
	controlFile  = "control"
	drillsDir    = "drills"
)

// RunsDir is where the workspaces of a data folder live.
func RunsDir(dataDir string) string { return filepath.Join(dataDir, drillsDir) }

// Create makes a new isolated workspace under dataDir/drills/run-<n>/:
// the scenario as played, run.json, and an SQLite store migrated with the
// normal migrations and seeded with the scenario's units, team, sources and
// known claims. It returns the run and each team member's password (shown
// once, so people can sign in to the drill's UI).
func Create(ctx context.Context, dataDir, scenarioName string, seed uint64, now time.Time) (*Run, map[string]string, error) {
	src, err := ReadSource(scenarioName)
	if err != nil {
		return nil, nil, err
	}
	sc, err := Parse(src, scenarioName)
	if err != nil {
		return nil, nil, err
	}
	dir, id, err := newRunDir(RunsDir(dataDir))
	if err != nil {
		return nil, nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, scenarioFile), src, 0o600); err != nil {
		return nil, nil, fmt.Errorf("drill workspace: %w", err)
	}
	run := &Run{ID: id, Scenario: scenarioName, Title: sc.Title, Seed: seed, State: StateRunning, CreatedAt: now,
		ScenarioStart: sc.Start, DataDir: dir, scenario: sc, Posts: len(Generate(sc, seed))}
	for _, m := range sc.Team {
		run.Team = append(run.Team, m.Email)
	}
	db, err := OpenStore(ctx, dir, nil)
	if err != nil {
		return nil, nil, err
	}
	defer db.Close()
	passwords, err := seedWorkspace(ctx, db, sc, run)
	if err != nil {
		return nil, nil, fmt.Errorf("seed the drill workspace: %w", err)
	}
	return run, passwords, run.Save()
}

// newRunDir creates the next free run-<n> folder.
func newRunDir(root string) (string, string, error) {
	if err := os.MkdirAll(root, 0o700); err != nil {
		return "", "", fmt.Errorf("drill workspaces: %w", err)
	}
	n := 1
	if runs, err := List(filepath.Dir(root)); err == nil {
		for _, r := range runs {
			if k, err := strconv.Atoi(strings.TrimPrefix(r.ID, "run-")); err == nil && k >= n {
				n = k + 1
			}
		}
	}
	for ; ; n++ {
		id := "run-" + strconv.Itoa(n)
		dir := filepath.Join(root, id)
		err := os.Mkdir(dir, 0o700)
		if err == nil {
			return dir, id, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return "", "", fmt.Errorf("drill workspace: %w", err)
		}
	}
}

// OpenStore opens and migrates a workspace's own SQLite store.
func OpenStore(ctx context.Context, dir string, clk clock.Clock) (*store.DB, error) {
	opt := store.Options{DataDir: dir}
	if clk != nil {
		opt.Clock = clk
	}
	db, err := store.Open(ctx, opt)
	if err != nil {
		return nil, fmt.Errorf("drill store: %w", err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("drill store: %w", err)
	}
	return db, nil
}

// actor is who seeds a workspace, in its audit log.
const actor = "drill"

func seedWorkspace(ctx context.Context, db *store.DB, sc *Scenario, run *Run) (map[string]string, error) {
	unitIDs := map[string]int64{}
	var add func(list []UnitSpec, parent int64) error
	add = func(list []UnitSpec, parent int64) error {
		for _, u := range list {
			made, err := db.CreateUnit(ctx, actor, auth.Unit{Name: u.Name, Level: u.Level, Aliases: u.Aliases, ParentID: parent})
			if err != nil {
				return fmt.Errorf("unit %q: %w", u.Name, err)
			}
			unitIDs[u.Name] = made.ID
			run.Units = append(run.Units, u.Name)
			if err := add(u.Children, made.ID); err != nil {
				return err
			}
		}
		return nil
	}
	if err := add(sc.Units, 0); err != nil {
		return nil, err
	}
	passwords := map[string]string{}
	for _, m := range sc.Team {
		pw := auth.RandomPassword()
		hash, err := auth.HashPassword(pw)
		if err != nil {
			return nil, err
		}
		role, _ := auth.ParseRole(m.Role)
		if _, err := db.CreateUser(ctx, actor, auth.User{Email: m.Email, Name: m.Name, PasswordHash: hash, Locale: sc.Lang},
			&auth.Membership{UnitID: unitIDs[m.Unit], Role: role}); err != nil {
			return nil, fmt.Errorf("team member %s: %w", m.Email, err)
		}
		passwords[m.Email] = pw
	}
	for _, s := range sc.Sources {
		if _, err := db.EnsureSource(ctx, actor, "import", s.Name); err != nil {
			return nil, fmt.Errorf("source %q: %w", s.Name, err)
		}
	}
	var known []claim.Claim
	for _, c := range sc.Claims {
		if !c.Known {
			continue
		}
		v, _ := claim.ParseVerdict(c.Verdict)
		k := claim.Claim{Key: ClaimKey(c.ID), Text: c.Text, Verdict: v, Lang: sc.Lang, Summary: c.Summary, Publisher: "drill"}
		for _, e := range c.Evidence {
			k.Evidence = append(k.Evidence, strings.TrimSpace(e.URL+" "+e.Note))
		}
		known = append(known, k)
	}
	if len(known) > 0 {
		if _, err := db.UpsertClaims(ctx, actor, known); err != nil {
			return nil, fmt.Errorf("known claims: %w", err)
		}
	}
	return passwords, nil
}

// ClaimKey is the library key of a scenario's known claim.
func ClaimKey(id string) string { return "drill:" + id }

// Save writes run.json.
func (r *Run) Save() error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(r.DataDir, runFile+".tmp")
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("save drill run: %w", err)
	}
	return os.Rename(tmp, filepath.Join(r.DataDir, runFile))
}

// Load returns the scenario the run plays (as it was when it started).
func (r *Run) Load() (*Scenario, error) {
	if r.scenario != nil {
		return r.scenario, nil
	}
	data, err := os.ReadFile(filepath.Join(r.DataDir, scenarioFile))
	if err != nil {
		return nil, fmt.Errorf("drill %s: %w", r.ID, err)
	}
	sc, err := Parse(data, r.ID+"/"+scenarioFile)
	if err != nil {
		return nil, err
	}
	r.scenario = sc
	return sc, nil
}

// Open reads the run named ref ("run-3", "3", or a workspace path).
func Open(dataDir, ref string) (*Run, error) {
	dir := ref
	if !strings.ContainsAny(ref, `/\`) {
		if _, err := strconv.Atoi(ref); err == nil {
			ref = "run-" + ref
		}
		dir = filepath.Join(RunsDir(dataDir), ref)
	}
	data, err := os.ReadFile(filepath.Join(dir, runFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("no drill %q in %s (see factdesk drill list)", ref, RunsDir(dataDir))
	}
	if err != nil {
		return nil, fmt.Errorf("drill %s: %w", ref, err)
	}
	var r Run
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("drill %s: %s is damaged: %w", ref, runFile, err)
	}
	r.DataDir = dir
	return &r, nil
}

// List returns the runs of a data folder, oldest first.
func List(dataDir string) ([]*Run, error) {
	entries, err := os.ReadDir(RunsDir(dataDir))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("drill list: %w", err)
	}
	var runs []*Run
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		r, err := Open(dataDir, filepath.Join(RunsDir(dataDir), e.Name()))
		if err != nil {
			continue // a folder being created, or not a run
		}
		runs = append(runs, r)
	}
	sort.Slice(runs, func(i, j int) bool {
		a, _ := strconv.Atoi(strings.TrimPrefix(runs[i].ID, "run-"))
		b, _ := strconv.Atoi(strings.TrimPrefix(runs[j].ID, "run-"))
		return a < b
	})
	return runs, nil
}

// Control asks a running drill to pause, resume or stop, through a file in
// its workspace that the runner reads.
func Control(r *Run, cmd string) error {
	switch cmd {
	case "pause", "resume", "stop":
	default:
		return fmt.Errorf("unknown drill control %q (want pause, resume or stop)", cmd)
	}
	if r.State == StateFinished || r.State == StateStopped || r.State == StateFailed {
		return fmt.Errorf("drill %s is %s", r.ID, r.State)
	}
	return os.WriteFile(filepath.Join(r.DataDir, controlFile), []byte(cmd+"\n"), 0o600)
}

// readControl returns the last control written, or "".
func readControl(dir string) string {
	data, err := os.ReadFile(filepath.Join(dir, controlFile))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(data))
}
