package drill

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/auth"
)

// apiCase is what the autopilot reads of a case.
type apiCase struct {
	ID     int64  `json:"id"`
	UnitID int64  `json:"unit_id"`
	Status string `json:"status"`
}

// triage accepts an alert about a claim in play into that claim's case (a
// new one the first time) and dismisses any other.
func (ap *autopilot) triage(ctx context.Context, now time.Time, a apiAlert) error {
	m, _ := ap.member(a.UnitID, auth.Analyst, "")
	id := strconv.FormatInt(a.ID, 10)
	claimID, err := ap.truth.alertClaim(ctx, a.ID)
	if err != nil {
		return err
	}
	spec, inPlay := ap.claim(claimID)
	if !inPlay {
		reason := "background traffic: no checkable claim in play"
		if ap.sc.Lang == "vi" {
			reason = "tin thông thường: không có thông tin cần kiểm chứng"
		}
		return ap.api.do(ctx, m.token, "POST", "/alerts/"+id+"/dismiss", map[string]any{"reason": reason}, nil)
	}
	if caseID, ok := ap.cases[claimID]; ok {
		return ap.api.do(ctx, m.token, "POST", "/alerts/"+id+"/accept", map[string]any{"case_id": caseID}, nil)
	}
	var c apiCase
	if err := ap.api.do(ctx, m.token, "POST", "/alerts/"+id+"/accept", map[string]any{}, &c); err != nil {
		return err
	}
	if c.ID == 0 {
		return fmt.Errorf("accepting alert %d answered no case", a.ID)
	}
	ap.cases[claimID] = c.ID
	if ap.enabled[stepVerdict] {
		ap.schedule(now.Add(ap.delay(4, 10)), stepVerdict, func(ctx context.Context, now time.Time) error { return ap.investigate(ctx, now, c, spec) })
	}
	return nil
}

func (ap *autopilot) claim(id string) (ClaimSpec, bool) {
	for _, c := range ap.sc.Claims {
		if c.ID == id {
			return c, true
		}
	}
	return ClaimSpec{}, false
}

// investigate moves the case to verifying and adds the evidence.
func (ap *autopilot) investigate(ctx context.Context, now time.Time, c apiCase, spec ClaimSpec) error {
	m, ok := ap.member(c.UnitID, auth.Editor, "")
	if !ok {
		return fmt.Errorf("no editor may work on case %d", c.ID)
	}
	id := strconv.FormatInt(c.ID, 10)
	if err := ap.api.do(ctx, m.token, "POST", "/cases/"+id+"/status", map[string]any{"status": "verifying"}, nil); err != nil {
		ap.log.Debug("autopilot: move case to verifying", "case", c.ID, "err", err)
	}
	for _, e := range spec.Evidence {
		// A note, not a url: the desk archives a url's page, and a
		// scenario's links need not resolve.
		body := map[string]any{"kind": "note", "note": strings.TrimSpace(e.Note + " " + e.URL)}
		if err := ap.api.do(ctx, m.token, "POST", "/cases/"+id+"/evidence", body, nil); err != nil {
			return err
		}
	}
	ap.schedule(now.Add(ap.delay(8, 20)), stepVerdict, func(ctx context.Context, now time.Time) error { return ap.decide(ctx, now, c, spec) })
	return nil
}

// decide records the verdict: the scenario's, except at the error rate.
func (ap *autopilot) decide(ctx context.Context, now time.Time, c apiCase, spec ClaimSpec) error {
	m, ok := ap.member(c.UnitID, auth.Editor, "")
	if !ok {
		return fmt.Errorf("no editor may decide case %d", c.ID)
	}
	verdict := spec.Verdict
	if ap.rng.Float64() < ap.errRate {
		verdict = "unproven"
		if spec.Verdict == "unproven" {
			verdict = "misleading"
		}
	}
	id := strconv.FormatInt(c.ID, 10)
	if err := ap.api.do(ctx, m.token, "POST", "/cases/"+id+"/verdict", map[string]any{"verdict": verdict, "rationale": spec.Summary}, nil); err != nil {
		return err
	}
	if err := ap.api.do(ctx, m.token, "POST", "/cases/"+id+"/status", map[string]any{"status": "responding"}, nil); err != nil {
		ap.log.Debug("autopilot: move case to responding", "case", c.ID, "err", err)
	}
	if ap.enabled[stepPublish] && verdict != "true" {
		ap.schedule(now.Add(ap.delay(6, 15)), stepPublish, func(ctx context.Context, now time.Time) error { return ap.publish(ctx, c, spec, verdict) })
	}
	return nil
}

// publish drafts a fact-check from the case, has it submitted by its
// author and approved and published by a lead who did not write it.
func (ap *autopilot) publish(ctx context.Context, c apiCase, spec ClaimSpec, verdict string) error {
	author, ok := ap.member(c.UnitID, auth.Editor, "")
	if !ok {
		return fmt.Errorf("no editor may draft for case %d", c.ID)
	}
	lead, ok := ap.member(c.UnitID, auth.Lead, author.email)
	if !ok {
		return fmt.Errorf("no lead other than the author may approve for case %d", c.ID)
	}
	var cites []map[string]string
	for _, e := range spec.Evidence {
		if e.URL != "" {
			cites = append(cites, map[string]string{"url": e.URL, "title": e.Note})
		}
	}
	body := map[string]any{"kind": "fact_check", "case_id": c.ID, "title": spec.Text, "claim_reviewed": spec.Text,
		"rating": verdict, "summary": spec.Summary, "body_md": spec.Summary, "language": ap.sc.Lang, "citations": cites}
	var p struct {
		ID int64 `json:"id"`
	}
	if err := ap.api.do(ctx, author.token, "POST", "/publications", body, &p); err != nil {
		return err
	}
	id := strconv.FormatInt(p.ID, 10)
	if err := ap.api.do(ctx, author.token, "POST", "/publications/"+id+"/submit", map[string]any{}, nil); err != nil {
		return err
	}
	if err := ap.api.do(ctx, lead.token, "POST", "/publications/"+id+"/approve", map[string]any{}, nil); err != nil {
		return err
	}
	return ap.api.do(ctx, lead.token, "POST", "/publications/"+id+"/publish", map[string]any{}, nil)
}
