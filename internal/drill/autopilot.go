package drill

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"slices"
	"time"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/store"
)

// Autopilot steps, as recorded in Run.Skipped when the workspace's API
// lacks what a step needs.
const (
	stepTriage  = "triage"
	stepVerdict = "verdict"
	stepPublish = "publish"
)

// stepPaths are the API paths each step needs (as in the OpenAPI document).
var stepPaths = map[string][]string{
	stepTriage:  {"/alerts", "/alerts/{id}/accept", "/alerts/{id}/dismiss"},
	stepVerdict: {"/cases/{id}/evidence", "/cases/{id}/verdict"},
	stepPublish: {"/publications", "/publications/{id}/submit", "/publications/{id}/approve", "/publications/{id}/publish"},
}

// autopilot plays the scenario's team through the workspace's HTTP API with
// a simple policy: it triages each open alert a few minutes after seeing it
// (accepting alerts about a claim in play into that claim's case, dismissing
// the rest), adds the scenario's evidence, decides the verdict (wrong now
// and then, at a rate drawn from the seed) and publishes a fact-check,
// each after a delay of scenario time. It knows which claim an alert is
// about from the workspace's records, as a person reading the posts would.
type autopilot struct {
	api     *client
	log     *slog.Logger
	sc      *Scenario
	run     *Run
	truth   *truth
	rng     *rand.Rand
	errRate float64
	members []pilotMember
	parent  map[int64]int64 // unit -> parent
	root    int64
	enabled map[string]bool

	seen    map[int64]bool
	ok      map[string]int   // API calls that worked, by step
	failed  map[string]int   // API calls that failed, by step
	cases   map[string]int64 // claim -> case id
	pending []action
}

type pilotMember struct {
	email, token string
	unit         int64
	role         auth.Role
}

type action struct {
	due  time.Time
	step string // stepTriage, stepVerdict or stepPublish
	do   func(ctx context.Context, now time.Time) error
}

func newAutopilot(ctx context.Context, db *store.DB, sc *Scenario, run *Run, base string, log *slog.Logger) (*autopilot, error) {
	ap := &autopilot{api: &client{base: base + "/api/v1", http: &http.Client{Timeout: 30 * time.Second}}, log: log, sc: sc, run: run,
		rng: rand.New(rand.NewPCG(run.Seed, run.Seed^0xa5a5a5a5)), parent: map[int64]int64{}, enabled: map[string]bool{},
		seen: map[int64]bool{}, cases: map[string]int64{}, ok: map[string]int{}, failed: map[string]int{}}
	ap.errRate = 0.05 + 0.1*ap.rng.Float64() // 5-15 % of verdicts are wrong
	units, err := db.Units(ctx)
	if err != nil {
		return nil, err
	}
	byName := map[string]int64{}
	for _, u := range units {
		byName[u.Name], ap.parent[u.ID] = u.ID, u.ParentID
		if u.ParentID == 0 && ap.root == 0 {
			ap.root = u.ID
		}
	}
	for _, m := range sc.Team {
		u, err := db.UserByEmail(ctx, m.Email)
		if err != nil {
			return nil, fmt.Errorf("autopilot: %s: %w", m.Email, err)
		}
		_, secret, err := db.CreateToken(ctx, actor, u.ID, "drill autopilot", time.Time{})
		if err != nil {
			return nil, fmt.Errorf("autopilot: token for %s: %w", m.Email, err)
		}
		role, _ := auth.ParseRole(m.Role)
		ap.members = append(ap.members, pilotMember{email: m.Email, token: secret, unit: byName[m.Unit], role: role})
	}
	if ap.truth, err = openTruth(run.DataDir); err != nil {
		return nil, err
	}
	paths, err := ap.api.paths(ctx)
	if err != nil {
		return nil, fmt.Errorf("autopilot: read the API description: %w", err)
	}
	run.Skipped = nil
	for _, step := range []string{stepTriage, stepVerdict, stepPublish} {
		ap.enabled[step] = true
		for _, p := range stepPaths[step] {
			if !paths[p] {
				ap.enabled[step] = false
			}
		}
		if !ap.enabled[step] {
			run.Skipped = append(run.Skipped, step)
			log.Warn("autopilot: the workspace's API lacks this step; skipping it", "step", step)
		}
	}
	return ap, nil
}

// finish records the steps the API never let the autopilot take (every
// call failed), so that scoring marks what they measure as not measured,
// and releases what the autopilot holds.
func (ap *autopilot) finish() {
	for _, step := range []string{stepTriage, stepVerdict, stepPublish} {
		// A step that failed every time, or never came because the step
		// before it did, measured nothing.
		before := step == stepVerdict && slices.Contains(ap.run.Skipped, stepTriage) ||
			step == stepPublish && slices.Contains(ap.run.Skipped, stepVerdict)
		if ap.enabled[step] && ap.ok[step] == 0 && (ap.failed[step] > 0 || before) {
			ap.run.Skipped = append(ap.run.Skipped, step)
		}
	}
	ap.truth.Close()
}

// outcome counts a call of step and logs the first failure of each step
// as a warning, the rest at debug level.
func (ap *autopilot) outcome(step string, err error) {
	if err == nil {
		ap.ok[step]++
		return
	}
	ap.failed[step]++
	level := slog.LevelDebug
	if ap.failed[step] == 1 {
		level = slog.LevelWarn
	}
	ap.log.Log(context.Background(), level, "autopilot: a step failed", "step", step, "err", err)
}

// within reports whether unit u is at or below unit top.
func (ap *autopilot) within(u, top int64) bool {
	for i := 0; u != 0 && i < 64; i++ {
		if u == top {
			return true
		}
		u = ap.parent[u]
	}
	return false
}

func (ap *autopilot) depth(u int64) int {
	d := 0
	for ; u != 0 && d < 64; d++ {
		u = ap.parent[u]
	}
	return d
}

// member picks who acts on a record of unit: someone whose unit holds it,
// with at least role min, the least senior first, then the closest.
func (ap *autopilot) member(unit int64, min auth.Role, not string) (pilotMember, bool) {
	if unit == 0 {
		unit = ap.root
	}
	var best *pilotMember
	for i := range ap.members {
		m := &ap.members[i]
		if !m.role.AtLeast(min) || m.email == not || !ap.within(unit, m.unit) {
			continue
		}
		if best == nil || m.role.Rank() < best.role.Rank() || (m.role == best.role && ap.depth(m.unit) > ap.depth(best.unit)) {
			best = m
		}
	}
	if best == nil {
		return pilotMember{}, false
	}
	return *best, true
}

// delay draws a reaction time of scenario minutes in [lo, hi).
func (ap *autopilot) delay(lo, hi int) time.Duration {
	return time.Duration(lo+ap.rng.IntN(hi-lo)) * time.Minute
}

func (ap *autopilot) schedule(due time.Time, step string, do func(context.Context, time.Time) error) {
	ap.pending = append(ap.pending, action{due: due, step: step, do: do})
}

// step looks for new alerts and runs the actions that are due.
func (ap *autopilot) step(ctx context.Context, now time.Time) error {
	if ap.enabled[stepTriage] {
		err := ap.poll(ctx, now)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		ap.outcome(stepTriage, err)
	}
	for len(ap.pending) > 0 {
		slices.SortStableFunc(ap.pending, func(a, b action) int { return a.due.Compare(b.due) })
		a := ap.pending[0]
		if a.due.After(now) {
			return nil
		}
		ap.pending = ap.pending[1:]
		err := a.do(ctx, now) // a person whose action fails carries on
		if ctx.Err() != nil {
			return ctx.Err()
		}
		ap.outcome(a.step, err)
	}
	return nil
}

// apiAlert is what the autopilot reads of an alert.
type apiAlert struct {
	ID      int64 `json:"id"`
	UnitID  int64 `json:"unit_id"`
	StoryID int64 `json:"story_id"`
	ClaimID int64 `json:"claim_id"`
}

func (ap *autopilot) poll(ctx context.Context, now time.Time) error {
	m, ok := ap.member(ap.root, auth.Analyst, "")
	if !ok {
		return fmt.Errorf("no member of the team may triage alerts")
	}
	var alerts []apiAlert
	if err := ap.api.list(ctx, m.token, "/alerts?status=open&limit=200", &alerts); err != nil {
		return err
	}
	for _, a := range alerts {
		if ap.seen[a.ID] {
			continue
		}
		ap.seen[a.ID] = true
		ap.schedule(now.Add(ap.delay(2, 7)), stepTriage, func(ctx context.Context, now time.Time) error { return ap.triage(ctx, now, a) })
	}
	return nil
}
