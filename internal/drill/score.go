package drill

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Score is how the team did, read from the workspace's records on the
// scenario clock. Score is the sum of the parts' points (out of 100); a part
// that could not be measured scores nothing and says why.
type Score struct {
	Run           string         `json:"run"`
	Scenario      string         `json:"scenario"`
	Seed          uint64         `json:"seed"`
	Score         float64        `json:"score"`
	AllMeasured   bool           `json:"all_measured"`
	Parts         []Part         `json:"parts"`
	Claims        []ClaimResult  `json:"claims"`
	Missed        []string       `json:"missed"`
	WrongVerdicts int            `json:"wrong_verdicts"`
	FalseAlarms   int            `json:"false_alarms"`
	Units         []UnitResult   `json:"units"`
	People        []PersonResult `json:"people"`
}

// Part is one component of the score.
type Part struct {
	Name     string  `json:"name"`
	Points   float64 `json:"points"`
	Max      float64 `json:"max"`
	Measured bool    `json:"measured"`
	Detail   string  `json:"detail"`
}

// ClaimResult is the response to one expected claim. Times are minutes of
// scenario time from the claim's first post; nil when it never happened.
type ClaimResult struct {
	Claim            string   `json:"claim"`
	Verdict          string   `json:"expected_verdict"`
	Unit             string   `json:"expected_unit"`
	HandledBy        string   `json:"handled_by,omitempty"`
	Found            bool     `json:"found"`
	GivenVerdict     string   `json:"given_verdict,omitempty"`
	Correct          bool     `json:"correct"`
	Cases            []int64  `json:"cases,omitempty"`
	FirstPost        string   `json:"first_post"`
	ToAlert          *float64 `json:"minutes_to_alert"`
	ToCase           *float64 `json:"minutes_to_case"`
	ToVerdict        *float64 `json:"minutes_to_correct_verdict"`
	ToPublication    *float64 `json:"minutes_to_publication"`
	TargetMinutes    Minutes  `json:"target_minutes"`
	firstPost        time.Time
	targets          Targets
	alertAt, caseAt  time.Time
	verdictAt, pubAt time.Time
}

// Minutes are the targets of a claim in minutes.
type Minutes struct {
	Alert, Case, Verdict, Publication float64
}

// UnitResult is the work of one unit.
type UnitResult struct {
	Unit          string `json:"unit"`
	Cases         int    `json:"cases"`
	Verdicts      int    `json:"verdicts"`
	Correct       int    `json:"correct_verdicts"`
	WrongVerdicts int    `json:"wrong_verdicts"`
	Published     int    `json:"published"`
	FalseAlarms   int    `json:"false_alarms"`
	Expected      int    `json:"expected_claims"` // claims it should have handled
	Handled       int    `json:"handled_claims"`  // of those, the ones it did
}

// PersonResult is what one team member did, from the audit log.
type PersonResult struct {
	Person        string         `json:"person"`
	Email         string         `json:"email"`
	Actions       map[string]int `json:"actions"`
	FirstAction   string         `json:"first_action,omitempty"` // scenario time
	Verdicts      int            `json:"verdicts"`
	Correct       int            `json:"correct_verdicts"`
	WrongVerdicts int            `json:"wrong_verdicts"`
}

// caseRow is a case as scoring sees it.
type caseRow struct {
	id, unitID                  int64
	status, verdict             string
	createdAt, verdictAt, pubAt time.Time
	verdictBy                   int64
	claim                       string
}

// ScoreRun scores a run from its workspace.
func ScoreRun(ctx context.Context, run *Run) (*Score, error) {
	sc, err := run.Load()
	if err != nil {
		return nil, err
	}
	t, err := openTruth(run.DataDir)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	s := &scorer{t: t, sc: sc, run: run}
	return s.score(ctx)
}

type scorer struct {
	t     *truth
	sc    *Scenario
	run   *Run
	units map[int64]string
	cases []caseRow
	// alertAt is the earliest alert per claim.
	alertAt map[string]time.Time
}

func (s *scorer) score(ctx context.Context) (*Score, error) {
	if err := s.loadUnits(ctx); err != nil {
		return nil, err
	}
	if err := s.loadAlerts(ctx); err != nil {
		return nil, err
	}
	if err := s.loadCases(ctx); err != nil {
		return nil, err
	}
	out := &Score{Run: s.run.ID, Scenario: s.run.Scenario, Seed: s.run.Seed, Missed: []string{}}
	first := firstPosts(Generate(s.sc, s.run.Seed), s.sc.Start)
	verdictOf := map[string]string{}
	for _, c := range s.sc.Claims {
		verdictOf[c.ID] = c.Verdict
	}
	for _, e := range s.sc.Expected {
		out.Claims = append(out.Claims, s.claimResult(e, first[e.Claim]))
	}
	for _, c := range out.Claims {
		if !c.Found {
			out.Missed = append(out.Missed, c.Claim)
		}
	}
	for _, c := range s.cases {
		if c.status == "dismissed" {
			continue
		}
		if c.claim == "" {
			out.FalseAlarms++
		}
		if c.verdict != "" && c.claim != "" && c.verdict != verdictOf[c.claim] {
			out.WrongVerdicts++
		}
	}
	out.Parts = s.parts(out)
	out.AllMeasured = true
	for _, p := range out.Parts {
		out.Score += p.Points
		out.AllMeasured = out.AllMeasured && p.Measured
	}
	out.Score = math.Round(out.Score*10) / 10
	out.Units = s.unitResults(out, verdictOf)
	people, err := s.people(ctx, verdictOf)
	if err != nil {
		return nil, err
	}
	out.People = people
	return out, nil
}

func firstPosts(posts []GenPost, start time.Time) map[string]time.Time {
	first := map[string]time.Time{}
	for _, p := range posts {
		if p.Kind != KindOutbreak {
			continue
		}
		at := start.Add(p.At)
		if f, ok := first[p.Claim]; !ok || at.Before(f) {
			first[p.Claim] = at
		}
	}
	return first
}

func (s *scorer) loadUnits(ctx context.Context) error {
	s.units = map[int64]string{}
	rows, err := s.t.db.QueryContext(ctx, "SELECT id, name FROM units")
	if err != nil {
		return fmt.Errorf("drill score: units: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		s.units[id] = name
	}
	return rows.Err()
}

func (s *scorer) loadAlerts(ctx context.Context) error {
	s.alertAt = map[string]time.Time{}
	ids, err := s.ints(ctx, "SELECT id FROM alerts ORDER BY created_at, id")
	if err != nil {
		return err
	}
	for _, id := range ids {
		c, err := s.t.alertClaim(ctx, id)
		if err != nil {
			return err
		}
		if c == "" {
			continue
		}
		var created int64
		if err := s.t.db.QueryRowContext(ctx, "SELECT created_at FROM alerts WHERE id = ?", id).Scan(&created); err != nil {
			return err
		}
		if _, ok := s.alertAt[c]; !ok {
			s.alertAt[c] = time.UnixMilli(created).UTC()
		}
	}
	return nil
}

func (s *scorer) ints(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := s.t.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("drill score: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func ms(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMilli(v.Int64).UTC()
}

func (s *scorer) loadCases(ctx context.Context) error {
	rows, err := s.t.db.QueryContext(ctx, `SELECT id, COALESCE(unit_id, 0), status, verdict, created_at, verdict_at, published_at, COALESCE(verdict_by, 0) FROM cases ORDER BY id`)
	if err != nil {
		return fmt.Errorf("drill score: cases: %w", err)
	}
	for rows.Next() {
		var c caseRow
		var created int64
		var verdictAt, pubAt sql.NullInt64
		if err := rows.Scan(&c.id, &c.unitID, &c.status, &c.verdict, &created, &verdictAt, &pubAt, &c.verdictBy); err != nil {
			rows.Close()
			return err
		}
		c.createdAt, c.verdictAt, c.pubAt = time.UnixMilli(created).UTC(), ms(verdictAt), ms(pubAt)
		s.cases = append(s.cases, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	hasPubs := s.t.hasTable(ctx, "publications")
	for i := range s.cases {
		c := &s.cases[i]
		if c.claim, err = s.caseClaim(ctx, c.id); err != nil {
			return err
		}
		if hasPubs {
			var first sql.NullInt64
			if err := s.t.db.QueryRowContext(ctx, "SELECT MIN(published_at) FROM publications WHERE case_id = ? AND published_at IS NOT NULL", c.id).Scan(&first); err != nil {
				return fmt.Errorf("drill score: publications: %w", err)
			}
			if p := ms(first); !p.IsZero() && (c.pubAt.IsZero() || p.Before(c.pubAt)) {
				c.pubAt = p
			}
		}
	}
	return nil
}

// caseClaim is the scenario claim most of a case's links are about.
func (s *scorer) caseClaim(ctx context.Context, id int64) (string, error) {
	votes := map[string]int{}
	add := func(c string, err error) error {
		if err == nil && c != "" {
			votes[c]++
		}
		return err
	}
	lib, err := s.ints(ctx, "SELECT claim_id FROM case_claims WHERE case_id = ?", id)
	if err != nil {
		return "", err
	}
	for _, l := range lib {
		if err := add(s.t.libraryClaim(ctx, l)); err != nil {
			return "", err
		}
	}
	alerts, err := s.ints(ctx, "SELECT alert_id FROM case_alerts WHERE case_id = ?", id)
	if err != nil {
		return "", err
	}
	for _, a := range alerts {
		if err := add(s.t.alertClaim(ctx, a)); err != nil {
			return "", err
		}
	}
	stories, err := s.ints(ctx, "SELECT story_id FROM case_stories WHERE case_id = ?", id)
	if err != nil {
		return "", err
	}
	for _, st := range stories {
		if err := add(s.t.storyClaim(ctx, st)); err != nil {
			return "", err
		}
	}
	posts, err := s.ints(ctx, "SELECT post_id FROM case_posts WHERE case_id = ?", id)
	if err != nil {
		return "", err
	}
	if err := add(s.t.postsClaim(ctx, posts)); err != nil {
		return "", err
	}
	best := ""
	for c, n := range votes {
		if n > votes[best] || (n == votes[best] && c < best) {
			best = c
		}
	}
	return best, nil
}

func minutes(from, to time.Time) *float64 {
	if to.IsZero() || from.IsZero() {
		return nil
	}
	m := math.Round(to.Sub(from).Minutes()*10) / 10
	return &m
}

func (s *scorer) claimResult(e Expectation, first time.Time) ClaimResult {
	r := ClaimResult{Claim: e.Claim, Verdict: e.Verdict, Unit: e.Unit, firstPost: first, targets: e.Targets,
		TargetMinutes: Minutes{e.Targets.Alert.D().Minutes(), e.Targets.Case.D().Minutes(), e.Targets.Verdict.D().Minutes(), e.Targets.Publication.D().Minutes()}}
	if !first.IsZero() {
		r.FirstPost = first.Format(time.RFC3339)
	}
	r.alertAt = s.alertAt[e.Claim]
	for _, c := range s.cases {
		if c.claim != e.Claim || c.status == "dismissed" {
			continue
		}
		r.Cases = append(r.Cases, c.id)
		if !r.Found {
			r.Found, r.caseAt, r.HandledBy = true, c.createdAt, s.units[c.unitID]
		}
		if c.verdict != "" && r.GivenVerdict == "" {
			r.GivenVerdict = c.verdict
		}
		if c.verdict == e.Verdict && !c.verdictAt.IsZero() && (r.verdictAt.IsZero() || c.verdictAt.Before(r.verdictAt)) {
			r.Correct, r.verdictAt, r.GivenVerdict = true, c.verdictAt, c.verdict
		}
		if !c.pubAt.IsZero() && (r.pubAt.IsZero() || c.pubAt.Before(r.pubAt)) {
			r.pubAt = c.pubAt
		}
	}
	r.ToAlert, r.ToCase = minutes(first, r.alertAt), minutes(first, r.caseAt)
	r.ToVerdict, r.ToPublication = minutes(first, r.verdictAt), minutes(first, r.pubAt)
	return r
}

// timely is 1 within the target, falling linearly to 0 at three times the
// target, and 0 when it never happened.
func timely(took *float64, target float64) float64 {
	switch {
	case took == nil:
		return 0
	case target <= 0 || *took <= target:
		return 1
	default:
		return math.Max(0, 1-(*took-target)/(2*target))
	}
}

// The parts of the score and their maximum points (see docs/drills.md).
const (
	maxFound       = 25
	maxCorrect     = 25
	maxAlert       = 5
	maxCase        = 10
	maxVerdict     = 10
	maxPublication = 5
	maxRouting     = 10
	maxFalseAlarms = 10
)

func (s *scorer) parts(sc *Score) []Part {
	n := float64(len(sc.Claims))
	var found, correct, routed, alert, cas, verdict, pub float64
	for _, c := range sc.Claims {
		if c.Found {
			found++
		}
		if c.Correct {
			correct++
		}
		if c.Found && c.HandledBy == c.Unit {
			routed++
		}
		alert += timely(c.ToAlert, c.TargetMinutes.Alert)
		cas += timely(c.ToCase, c.TargetMinutes.Case)
		verdict += timely(c.ToVerdict, c.TargetMinutes.Verdict)
		pub += timely(c.ToPublication, c.TargetMinutes.Publication)
	}
	round := func(v float64) float64 { return math.Round(v*10) / 10 }
	share := func(v, max float64) float64 { return round(max * v / n) }
	parts := []Part{
		{Name: "claims_found", Max: maxFound, Points: share(found, maxFound), Measured: true,
			Detail: fmt.Sprintf("%.0f of %.0f expected claims had a case; missed: %s", found, n, listOrNone(sc.Missed))},
		{Name: "correct_verdicts", Max: maxCorrect, Measured: true,
			Points: round(math.Max(0, maxCorrect*correct/n-5*float64(sc.WrongVerdicts))),
			Detail: fmt.Sprintf("%.0f of %.0f claims got the correct verdict; %d wrong verdicts (-5 each)", correct, n, sc.WrongVerdicts)},
		{Name: "time_to_alert", Max: maxAlert, Points: share(alert, maxAlert), Measured: true, Detail: "first alert about each claim against its target"},
		{Name: "time_to_case", Max: maxCase, Points: share(cas, maxCase), Measured: true, Detail: "first case about each claim against its target"},
		{Name: "time_to_verdict", Max: maxVerdict, Points: share(verdict, maxVerdict), Measured: true, Detail: "first correct verdict about each claim against its target"},
		{Name: "time_to_publication", Max: maxPublication, Points: share(pub, maxPublication), Measured: true, Detail: "first publication about each claim against its target"},
		{Name: "routing", Max: maxRouting, Points: share(routed, maxRouting), Measured: true,
			Detail: fmt.Sprintf("%.0f of %.0f claims handled by the expected unit", routed, n)},
		{Name: "false_alarms", Max: maxFalseAlarms, Measured: true, Points: math.Max(0, maxFalseAlarms-2.5*float64(sc.FalseAlarms)),
			Detail: fmt.Sprintf("%d cases about no claim in play (-2.5 each)", sc.FalseAlarms)},
	}
	for i := range parts {
		if step := partStep[parts[i].Name]; slices.Contains(s.run.Skipped, step) {
			parts[i].Points, parts[i].Measured = 0, false
			parts[i].Detail = "not measured: the autopilot could not " + stepVerbs[step] + " through the workspace's API"
		}
	}
	return parts
}

// partStep is the autopilot step each part of the score depends on.
var partStep = map[string]string{
	"claims_found": stepTriage, "time_to_case": stepTriage, "routing": stepTriage, "false_alarms": stepTriage,
	"correct_verdicts": stepVerdict, "time_to_verdict": stepVerdict, "time_to_publication": stepPublish,
}

var stepVerbs = map[string]string{stepTriage: "triage alerts into cases", stepVerdict: "record evidence and verdicts", stepPublish: "publish"}

func listOrNone(l []string) string {
	if len(l) == 0 {
		return "none"
	}
	return strings.Join(l, ", ")
}
