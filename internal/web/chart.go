package web

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
)

// Charts are inline SVG written on the server: they need no script, follow
// the page's CSS (classes spark-*, chart-*) and carry a <title> that names
// them for screen readers. The pages that show a chart also give its data
// as a table.

// Sparkline size in SVG user units: one unit per point across.
const (
	sparkHeight = 24
	sparkPad    = 2 // room for the line's stroke at the top and bottom
)

// sparklineSVG draws counts as a small line with the area under it shaded.
// title is the accessible name, e.g. "Posts per 10 minutes, last 24 h:
// 35 in all, at most 9".
func sparklineSVG(title string, counts []int) template.HTML {
	n := max(len(counts), 2)
	peak := 1
	for _, c := range counts {
		peak = max(peak, c)
	}
	y := func(c int) string {
		return fmtUnit(float64(sparkHeight-sparkPad) - float64(c)*float64(sparkHeight-2*sparkPad)/float64(peak))
	}
	var line strings.Builder
	for i := range n {
		c := 0
		if i < len(counts) {
			c = counts[i]
		}
		if i > 0 {
			line.WriteByte(' ')
		}
		line.WriteString(fmtUnit(float64(i)) + "," + y(c))
	}
	base := strconv.Itoa(sparkHeight - sparkPad)
	last := strconv.Itoa(n - 1)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="sparkline" viewBox="0 0 %d %d" width="%d" height="%d" preserveAspectRatio="none" role="img" aria-label="%s" focusable="false">`,
		n-1, sparkHeight, n-1, sparkHeight, esc(title))
	fmt.Fprintf(&b, `<title>%s</title>`, esc(title))
	fmt.Fprintf(&b, `<polygon class="spark-area" fill="#cfe3e8" points="0,%s %s %s,%s"/>`, base, line.String(), last, base)
	fmt.Fprintf(&b, `<polyline class="spark-line" fill="none" stroke="#0f5f73" stroke-width="1.5" vector-effect="non-scaling-stroke" stroke-linejoin="round" points="%s"/>`, line.String())
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text in it went through esc
}

// chartBar is one bar of a bar chart.
type chartBar struct {
	Value int
	Tip   string // its own <title>, e.g. "09:10–09:20: 5 posts"
	Tick  string // an axis label under it; "" for none
}

// Bar chart size and margins in SVG user units.
const (
	barWidth  = 960
	barHeight = 240
	barLeft   = 40 // room for the value labels
	barBottom = 26 // room for the time labels
	barTop    = 10
)

// barChartSVG draws bars with a value axis (0, the middle and the peak,
// with grid lines) and the bars' ticks as time labels. title is the
// accessible name.
func barChartSVG(title string, bars []chartBar) template.HTML {
	peak := 1
	for _, bar := range bars {
		peak = max(peak, bar.Value)
	}
	plotW, plotH := float64(barWidth-barLeft-4), float64(barHeight-barTop-barBottom)
	yOf := func(v float64) float64 { return float64(barTop) + plotH - v*plotH/float64(peak) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="bar-chart" viewBox="0 0 %d %d" role="img" aria-label="%s" focusable="false">`, barWidth, barHeight, esc(title))
	fmt.Fprintf(&b, `<title>%s</title>`, esc(title))
	for _, v := range axisValues(peak) {
		y := fmtUnit(yOf(float64(v)))
		fmt.Fprintf(&b, `<line class="chart-grid" x1="%d" x2="%d" y1="%s" y2="%s" stroke="#d6dae1" stroke-width="1"/>`, barLeft, barWidth-4, y, y)
		fmt.Fprintf(&b, `<text class="chart-label" x="%d" y="%s" text-anchor="end" dominant-baseline="middle" font-size="11" fill="#4a5361">%d</text>`, barLeft-6, y, v)
	}
	if len(bars) > 0 {
		step := plotW / float64(len(bars))
		gap := 0.0
		if step > 4 {
			gap = 1
		}
		for i, bar := range bars {
			x := float64(barLeft) + float64(i)*step
			top := yOf(float64(bar.Value))
			h := float64(barTop) + plotH - top
			if bar.Value > 0 && h < 1 {
				top, h = top-1, 1
			}
			fmt.Fprintf(&b, `<rect class="chart-bar" x="%s" y="%s" width="%s" height="%s" fill="#0f5f73"><title>%s</title></rect>`,
				fmtUnit(x+gap/2), fmtUnit(top), fmtUnit(max(step-gap, 0.5)), fmtUnit(h), esc(bar.Tip))
			if bar.Tick != "" {
				cx := fmtUnit(x + step/2)
				fmt.Fprintf(&b, `<line class="chart-tick" x1="%s" x2="%s" y1="%d" y2="%d" stroke="#4a5361" stroke-width="1"/>`, cx, cx, barHeight-barBottom, barHeight-barBottom+4)
				fmt.Fprintf(&b, `<text class="chart-label" x="%s" y="%d" text-anchor="middle" font-size="11" fill="#4a5361">%s</text>`, cx, barHeight-6, esc(bar.Tick))
			}
		}
	}
	fmt.Fprintf(&b, `<line class="chart-axis" x1="%d" x2="%d" y1="%d" y2="%d" stroke="#4a5361" stroke-width="1"/>`, barLeft, barWidth-4, barHeight-barBottom, barHeight-barBottom)
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text in it went through esc
}

// axisValues are the values labelled on a value axis up to peak: 0, a
// whole middle value when there is room for one, and peak.
func axisValues(peak int) []int {
	if peak >= 4 {
		return []int{0, peak / 2, peak}
	}
	return []int{0, peak}
}

// tickEvery returns how many bars apart to put time labels so that about
// want labels fit under n bars.
func tickEvery(n, want int) int {
	if n <= want {
		return 1
	}
	return (n + want - 1) / want
}

// fmtUnit writes an SVG coordinate with at most two decimals.
func fmtUnit(f float64) string {
	s := strconv.FormatFloat(f, 'f', 2, 64)
	s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

// esc escapes text for an SVG text node or attribute inside HTML.
func esc(s string) string { return template.HTMLEscapeString(s) }
