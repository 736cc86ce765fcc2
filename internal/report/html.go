package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"time"

	"github.com/factdesk/factdesk/internal/chart"
)

//go:embed report.html.tmpl
var reportTemplate string

//go:embed report.css
var reportCSS string

// view is what the report template reads: the situation, its charts and
// the language.
type view struct {
	S      *Situation
	Lang   string
	Title  string
	Charts charts
	CSS    template.CSS
}

// charts are the situation's charts as inline SVG.
type charts struct {
	Volume, Rising, ByStatus, ByPriority, ByUnit, Response template.HTML
}

var templates = template.Must(template.New("report").Funcs(template.FuncMap{
	"L":   func(lang, key string) string { return Label(lang, key) },
	"n":   func(lang string, v int64) string { return FormatInt(lang, v) },
	"chg": func(lang string, c *float64) string { return FormatChange(lang, c) },
	"hrs": func(lang string, h *float64) string {
		if h == nil {
			return "–"
		}
		return FormatFloat(lang, *h)
	},
	"tm": func(t time.Time, s *Situation) string {
		if t.IsZero() {
			return "–"
		}
		return t.In(location(s.TimeZone)).Format("02/01/2006 15:04")
	},
	"unit":  unitName,
	"deref": func(p *int64) int64 { return *p },
}).Parse(reportTemplate))

// location loads a time zone by name, UTC when it is unknown.
func location(name string) *time.Location {
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return time.UTC
}

// Title is the report's title, e.g. "Situation report · Quận Hải Châu ·
// 01/05/2026 – 08/05/2026".
func Title(s *Situation, lang string) string {
	loc := location(s.TimeZone)
	name := s.Unit.Name
	if name == "" {
		name = Label(lang, "whole_org")
	}
	return fmt.Sprintf("%s · %s · %s – %s", Label(lang, "title"), name,
		s.From.In(loc).Format("02/01/2006 15:04"), s.To.In(loc).Format("02/01/2006 15:04"))
}

func newView(s *Situation, lang string) view {
	lang = Lang(lang)
	return view{S: s, Lang: lang, Title: Title(s, lang), Charts: Charts(s, lang), CSS: template.CSS(reportCSS)}
}

// WriteHTML writes the report as one self-contained HTML document: CSS and
// SVG inline, no external reference, laid out to print on A4.
func WriteHTML(w io.Writer, s *Situation, lang string) error {
	var buf bytes.Buffer
	if err := templates.ExecuteTemplate(&buf, "document", newView(s, lang)); err != nil {
		return fmt.Errorf("write HTML report: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Fragment is the body of the report without the document around it, for
// the dashboard, which brings its own styles.
func Fragment(s *Situation, lang string) (template.HTML, error) {
	var buf bytes.Buffer
	if err := templates.ExecuteTemplate(&buf, "situation", newView(s, lang)); err != nil {
		return "", fmt.Errorf("write situation: %w", err)
	}
	return template.HTML(buf.String()), nil // html/template escaped every value
}

// Charts draws the situation's charts in lang.
func Charts(s *Situation, lang string) charts {
	var c charts
	per := Label(lang, "per."+s.Bucket)
	vol := chart.Time{Title: Label(lang, "volume") + " (" + per + ")", Labels: s.BucketLabels, YLabel: Label(lang, "volume_axis")}
	for _, k := range s.Volume {
		vol.Series = append(vol.Series, chart.Series{Name: k.Kind, Values: floats(k.Counts)})
	}
	c.Volume = template.HTML(chart.StackedBars(vol))
	var rising []chart.Bar
	for _, r := range s.RisingStories {
		rising = append(rising, chart.Bar{Label: fmt.Sprintf("#%d %s", r.ID, r.Title), Value: float64(r.Posts)})
	}
	c.Rising = template.HTML(chart.HBars(Label(lang, "rising")+" · "+Label(lang, "posts_period"), rising, nil, 0))
	c.ByStatus = template.HTML(chart.HBars(Label(lang, "by_status"), countBars(lang, "status.", s.OpenCases.ByStatus), nil, 360))
	c.ByPriority = template.HTML(chart.HBars(Label(lang, "by_priority"), countBars(lang, "priority.", s.OpenCases.ByPriority), nil, 360))
	c.ByUnit = template.HTML(chart.HBars(Label(lang, "by_unit"), countBars(lang, "", s.OpenCases.ByUnit), nil, 0))
	resp := chart.Time{Title: Label(lang, "response") + " · " + Label(lang, "median") + " (" + Label(lang, "hours") + ", " + per + ")",
		Labels: s.BucketLabels, YLabel: Label(lang, "hours"), Format: func(v float64) string { return FormatFloat(lang, v) }}
	for _, st := range s.ResponseTimes {
		vals := make([]float64, len(st.Series))
		for i, p := range st.Series {
			vals[i] = math.NaN()
			if p.MedianHours != nil {
				vals[i] = *p.MedianHours
			}
		}
		resp.Series = append(resp.Series, chart.Series{Name: Label(lang, "stage."+st.Stage), Values: vals})
	}
	c.Response = template.HTML(chart.Lines(resp))
	return c
}

func countBars(lang, prefix string, counts []Count) []chart.Bar {
	var out []chart.Bar
	for _, c := range counts {
		label := c.Key
		if prefix != "" {
			label = Label(lang, prefix+c.Key)
		}
		out = append(out, chart.Bar{Label: unitName(lang, label), Value: float64(c.Value)})
	}
	return out
}

func floats(vs []int64) []float64 {
	out := make([]float64, len(vs))
	for i, v := range vs {
		out[i] = float64(v)
	}
	return out
}
