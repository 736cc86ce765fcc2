package vieval

import (
	"maps"
	"slices"
	"strconv"

	"github.com/factdesk/factdesk/internal/claim/match"
)

// Report is what the matcher achieves on one query form.
type Report struct {
	Form   string
	Scores match.Scores
	// Gold is the share of queries whose relevant claim scores at least
	// the suggestion (Gold[0]) and alert (Gold[1]) thresholds; a claim
	// outside the matcher's candidates scores 0.
	Gold [2]float64
	// Rival is the share of queries whose best other claim (the highest
	// scoring claim that is neither the relevant one nor of its story, see
	// Set.Related, with those in the library) reaches the thresholds: false
	// suggestions and alerts.
	Rival [2]float64
	// Absent is the share of queries whose best claim reaches the
	// thresholds once their relevant claim and its story's are taken out of
	// the library: a post repeating a claim nobody has checked yet.
	Absent [2]float64
	// Story1 is the share of queries whose top claim is the relevant one or
	// one of its story's (a lenient P@1).
	Story1 float64
}

// Measure matches every query of s against ix (which must hold s.Claims
// under their ids) and reports per form, in [Forms] order. opts.K is the
// ranking depth scored (at least 5 are asked for); thresholds are the
// index's. Measure takes each query's relevant claim out of ix and puts it
// back, so ix must not be used by others meanwhile.
func Measure(ix *match.Index, s *Set, opts match.Options) []Report {
	cfg := ix.Config()
	th := [2]float64{cfg.SuggestThreshold, cfg.AlertThreshold}
	k := max(opts.K, 5)
	byForm := map[string]*Report{}
	runs := map[string]map[string][]string{}
	counts := map[string]float64{}
	for _, f := range Forms {
		byForm[f] = &Report{Form: f}
		runs[f] = map[string][]string{}
	}
	for _, q := range s.Queries {
		f := Form(q.ID)
		r, rel := byForm[f], s.Qrels[q.ID]
		story := map[string]bool{}
		for id := range rel {
			story[id] = true
			for o := range s.Related[id] {
				story[o] = true
			}
		}
		counts[f]++
		wide := opts
		wide.K = max(cfg.Candidates, k)
		gold, rival := 0.0, 0.0
		for i, m := range ix.Match(q.Text, wide) {
			id := strconv.FormatInt(m.ClaimID, 10)
			if i < k {
				runs[f][q.ID] = append(runs[f][q.ID], id)
			}
			switch {
			case rel[id]:
				gold = max(gold, m.Score)
			case !story[id]:
				rival = max(rival, m.Score)
			}
			if i == 0 && story[id] {
				r.Story1++
			}
		}
		absent := absentScore(ix, q.Text, story, opts)
		for t := range th {
			r.Gold[t] += above(gold, th[t])
			r.Rival[t] += above(rival, th[t])
			r.Absent[t] += above(absent, th[t])
		}
	}
	out := make([]Report, 0, len(Forms))
	for _, f := range Forms {
		r := byForm[f]
		qrels := match.Qrels{}
		for _, q := range s.Queries {
			if Form(q.ID) == f {
				qrels[q.ID] = s.Qrels[q.ID]
			}
		}
		r.Scores = match.Evaluate(runs[f], qrels)
		if n := counts[f]; n > 0 {
			for t := range th {
				r.Gold[t] /= n
				r.Rival[t] /= n
				r.Absent[t] /= n
			}
			r.Story1 /= n
		}
		out = append(out, *r)
	}
	return out
}

// absentScore is the best score of text with the claims of ids taken out
// of ix (they are put back).
func absentScore(ix *match.Index, text string, ids map[string]bool, opts match.Options) float64 {
	for _, id := range slices.Sorted(maps.Keys(ids)) {
		n, _ := strconv.ParseInt(id, 10, 64)
		if c, ok := ix.Claim(n); ok {
			ix.Remove(n)
			defer ix.Upsert(c)
		}
	}
	opts.K = 1
	if ms := ix.Match(text, opts); len(ms) > 0 {
		return ms[0].Score
	}
	return 0
}

func above(score, threshold float64) float64 {
	if score >= threshold {
		return 1
	}
	return 0
}
