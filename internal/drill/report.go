package drill

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"html/template"
	"math"
	"os"
	"time"
)

//go:embed report.html
var reportHTML string

var reportTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"mins": func(v *float64) string {
		if v == nil {
			return "—"
		}
		return fmt.Sprintf("%.0f min", *v)
	},
	"pct": func(p, max float64) float64 { return math.Round(100 * p / max) },
}).Parse(reportHTML))

// reportBucket is the width of the timeline's bars.
const reportBucket = 10 * time.Minute

// WriteReport writes the after-action report of a run to path: the score
// with its parts, the claims, units and people, and an inline-SVG timeline
// of the outbreak (posts per bucket) against the team's actions.
func WriteReport(ctx context.Context, run *Run, path string) error {
	score, err := ScoreRun(ctx, run)
	if err != nil {
		return err
	}
	sc, err := run.Load()
	if err != nil {
		return err
	}
	t, err := openTruth(run.DataDir)
	if err != nil {
		return err
	}
	defer t.Close()
	tl, err := buildTimeline(ctx, t, sc)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	data := struct {
		Run      *Run
		Scenario *Scenario
		Score    *Score
		Timeline *timeline
	}{run, sc, score, tl}
	if err := reportTmpl.Execute(&b, data); err != nil {
		return fmt.Errorf("drill report: %w", err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("drill report: %w", err)
	}
	return nil
}

// timeline is the chart's geometry, computed here so the template only
// draws.
type timeline struct {
	Width, Height, PlotTop, PlotBottom, Left float64
	Bars                                     []bar
	Lanes                                    []lane
	Ticks                                    []tick
	MaxCount                                 int
}

type bar struct {
	X, W, YOut, HOut, YBg, HBg float64
	Outbreak, Background       int
	Label                      string
}

type lane struct {
	Name, Color string
	Y           float64
	Marks       []mark
}

type mark struct {
	X     float64
	Title string
}

type tick struct {
	X     float64
	Label string
}

func buildTimeline(ctx context.Context, t *truth, sc *Scenario) (*timeline, error) {
	tl := &timeline{Width: 960, Left: 110, PlotTop: 20, PlotBottom: 220}
	n := int((sc.Duration.D() + reportBucket - 1) / reportBucket)
	outbreak, background := make([]int, n), make([]int, n)
	rows, err := t.db.QueryContext(ctx, "SELECT published_at, external_id FROM posts")
	if err != nil {
		return nil, fmt.Errorf("drill report: posts: %w", err)
	}
	for rows.Next() {
		var at int64
		var ext string
		if err := rows.Scan(&at, &ext); err != nil {
			rows.Close()
			return nil, err
		}
		i := int(time.UnixMilli(at).Sub(sc.Start) / reportBucket)
		if i < 0 || i >= n {
			continue
		}
		if ClaimOfExternalID(ext) != "" {
			outbreak[i]++
		} else {
			background[i]++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range n {
		tl.MaxCount = max(tl.MaxCount, outbreak[i]+background[i])
	}
	scale := (tl.PlotBottom - tl.PlotTop) / float64(max(1, tl.MaxCount))
	plotW := tl.Width - tl.Left - 30
	bw := plotW / float64(n)
	x := func(at time.Time) float64 {
		return tl.Left + plotW*at.Sub(sc.Start).Seconds()/sc.Duration.D().Seconds()
	}
	for i := range n {
		hb, ho := float64(background[i])*scale, float64(outbreak[i])*scale
		start := time.Duration(i) * reportBucket
		tl.Bars = append(tl.Bars, bar{X: tl.Left + float64(i)*bw + 1, W: bw - 2, YBg: tl.PlotBottom - hb, HBg: hb, YOut: tl.PlotBottom - hb - ho, HOut: ho,
			Outbreak: outbreak[i], Background: background[i], Label: fmt.Sprintf("T+%s", fmtOffset(start))})
	}
	for h := time.Duration(0); h <= sc.Duration.D(); h += 30 * time.Minute {
		tl.Ticks = append(tl.Ticks, tick{X: x(sc.Start.Add(h)), Label: "T+" + fmtOffset(h)})
	}
	lanes := []struct{ name, color, q string }{
		{"alerts", "#d97706", "SELECT created_at, kind || ' ' || key FROM alerts"},
		{"cases", "#2563eb", "SELECT created_at, 'case ' || id || ': ' || title FROM cases"},
		{"verdicts", "#7c3aed", "SELECT verdict_at, 'case ' || id || ': ' || verdict FROM cases WHERE verdict_at IS NOT NULL"},
		{"publications", "#059669", "SELECT published_at, 'case ' || id || ' published' FROM cases WHERE published_at IS NOT NULL"},
	}
	if t.hasTable(ctx, "publications") {
		lanes[3].q = "SELECT published_at, title FROM publications WHERE published_at IS NOT NULL"
	}
	y := tl.PlotBottom + 45
	for _, l := range lanes {
		ln := lane{Name: l.name, Color: l.color, Y: y}
		rows, err := t.db.QueryContext(ctx, l.q)
		if err != nil {
			return nil, fmt.Errorf("drill report: %s: %w", l.name, err)
		}
		for rows.Next() {
			var at int64
			var title string
			if err := rows.Scan(&at, &title); err != nil {
				rows.Close()
				return nil, err
			}
			when := time.UnixMilli(at)
			ln.Marks = append(ln.Marks, mark{X: x(when), Title: fmt.Sprintf("T+%s %s", fmtOffset(when.Sub(sc.Start)), title)})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		tl.Lanes = append(tl.Lanes, ln)
		y += 28
	}
	tl.Height = y + 10
	return tl, nil
}

func fmtOffset(d time.Duration) string {
	d = d.Round(time.Minute)
	return fmt.Sprintf("%dh%02d", int(d.Hours()), int(d.Minutes())%60)
}
