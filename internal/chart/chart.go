// Package chart draws small, accessible charts as inline SVG on the server:
// lines over time, stacked bars over time and horizontal bars. A chart is
// one self-contained <svg> element with its colours as attributes (so it
// renders the same in a page, a stand-alone report file and a PDF), a
// <title> and an aria-label naming it, a legend and labelled axes. No
// script is needed.
package chart

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// Palette is the Okabe–Ito colour set, distinguishable with the common
// colour-vision deficiencies; series take its colours in order.
var Palette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"}

// Series is one named row of values, one per point of the x axis. A NaN
// value is a gap: Lines draws no point there.
type Series struct {
	Name   string
	Values []float64
	Color  string // "" takes the next colour of the palette
}

// Time is a chart over time: Labels name the x positions (e.g. "12/05").
type Time struct {
	Title  string // accessible name, also drawn above the plot
	Labels []string
	Series []Series
	YLabel string               // what the values count, e.g. "posts"
	Format func(float64) string // value labels; nil writes whole numbers
	Width  int                  // in SVG user units (default 640)
	Height int                  // default 260
}

// Bar is one bar of a horizontal bar chart.
type Bar struct {
	Label string
	Value float64
	Color string
}

// Layout constants in SVG user units.
const (
	defWidth  = 640
	defHeight = 260
	marginL   = 48
	marginR   = 12
	marginT   = 40
	marginB   = 44
	fontSize  = 11
	textColor = "#333a45"
	gridColor = "#d9dde3"
)

func (c *Time) defaults() {
	if c.Width <= 0 {
		c.Width = defWidth
	}
	if c.Height <= 0 {
		c.Height = defHeight
	}
	if c.Format == nil {
		c.Format = Whole
	}
	for i := range c.Series {
		if c.Series[i].Color == "" {
			c.Series[i].Color = Palette[i%len(Palette)]
		}
	}
}

// Whole writes a value as a whole number.
func Whole(v float64) string { return strconv.FormatInt(int64(math.Round(v)), 10) }

// open writes the <svg> element with its accessible name and visible title.
func open(b *strings.Builder, class, title string, w, h int) {
	t := esc(title)
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart %s" viewBox="0 0 %d %d" width="100%%" role="img" aria-label="%s" font-family="system-ui, sans-serif" font-size="%d">`,
		class, w, h, t, fontSize)
	fmt.Fprintf(b, `<title>%s</title>`, t)
	fmt.Fprintf(b, `<text x="4" y="16" font-size="13" font-weight="600" fill="%s">%s</text>`, textColor, t)
}

// Lines draws each series as a line over time.
func Lines(c Time) string { return timeChart(c, false) }

// StackedBars draws one bar per x position with the series stacked.
func StackedBars(c Time) string { return timeChart(c, true) }

func timeChart(c Time, stacked bool) string {
	c.defaults()
	n := len(c.Labels)
	peak := 0.0
	for i := range n {
		sum := 0.0
		for _, s := range c.Series {
			v := at(s.Values, i)
			if math.IsNaN(v) {
				continue
			}
			if stacked {
				sum += v
			} else {
				peak = math.Max(peak, v)
			}
		}
		peak = math.Max(peak, sum)
	}
	top := niceCeil(peak)
	plotW := float64(c.Width - marginL - marginR)
	plotH := float64(c.Height - marginT - marginB)
	y := func(v float64) float64 { return float64(marginT) + plotH - v*plotH/top }
	var b strings.Builder
	kind := "lines"
	if stacked {
		kind = "stacked-bars"
	}
	open(&b, kind, c.Title, c.Width, c.Height)
	yAxis(&b, c, top, y)
	step := plotW / float64(max(n, 1))
	if stacked {
		bars(&b, c, step, y)
	} else {
		lines(&b, c, step, y)
	}
	xLabels(&b, c, step)
	legend(&b, c.Series, c.Width, c.Height)
	if n == 0 || peak == 0 {
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" fill="%s">–</text>`, num(float64(marginL)+plotW/2), num(float64(marginT)+plotH/2), textColor)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

func yAxis(b *strings.Builder, c Time, top float64, y func(float64) float64) {
	for _, v := range []float64{0, top / 2, top} {
		yy := num(y(v))
		fmt.Fprintf(b, `<line x1="%d" x2="%d" y1="%s" y2="%s" stroke="%s"/>`, marginL, c.Width-marginR, yy, yy, gridColor)
		fmt.Fprintf(b, `<text x="%d" y="%s" text-anchor="end" dominant-baseline="middle" fill="%s">%s</text>`, marginL-4, yy, textColor, esc(c.Format(v)))
	}
	if c.YLabel != "" {
		fmt.Fprintf(b, `<text x="%d" y="%d" fill="%s">%s</text>`, marginL, marginT-4, textColor, esc(c.YLabel))
	}
}

func bars(b *strings.Builder, c Time, step float64, y func(float64) float64) {
	gap := math.Min(step*0.2, 4)
	for i, label := range c.Labels {
		base := 0.0
		x := float64(marginL) + float64(i)*step + gap/2
		for _, s := range c.Series {
			v := at(s.Values, i)
			if v <= 0 {
				continue
			}
			y0, y1 := y(base), y(base+v)
			fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s · %s: %s</title></rect>`,
				num(x), num(y1), num(math.Max(step-gap, 0.5)), num(math.Max(y0-y1, 0.5)), s.Color, esc(label), esc(s.Name), esc(c.Format(v)))
			base += v
		}
	}
}

func lines(b *strings.Builder, c Time, step float64, y func(float64) float64) {
	for _, s := range c.Series {
		var pts, dots []string
		for i, label := range c.Labels {
			v := at(s.Values, i)
			if math.IsNaN(v) || i >= len(s.Values) {
				continue // no value here: the line joins its neighbours
			}
			x, yy := num(float64(marginL)+(float64(i)+0.5)*step), num(y(v))
			pts = append(pts, x+","+yy)
			dots = append(dots, fmt.Sprintf(`<circle cx="%s" cy="%s" r="2.5" fill="%s"><title>%s · %s: %s</title></circle>`, x, yy, s.Color, esc(label), esc(s.Name), esc(c.Format(v))))
		}
		if len(pts) > 1 {
			fmt.Fprintf(b, `<polyline fill="none" stroke="%s" stroke-width="2" stroke-linejoin="round" points="%s"/>`, s.Color, strings.Join(pts, " "))
		}
		b.WriteString(strings.Join(dots, ""))
	}
}

// xLabels writes about eight labels under the x axis and the axis line.
func xLabels(b *strings.Builder, c Time, step float64) {
	base := c.Height - marginB
	fmt.Fprintf(b, `<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="%s"/>`, marginL, c.Width-marginR, base, base, textColor)
	every := max(1, (len(c.Labels)+7)/8)
	for i, l := range c.Labels {
		if i%every != 0 {
			continue
		}
		fmt.Fprintf(b, `<text x="%s" y="%d" text-anchor="middle" fill="%s">%s</text>`, num(float64(marginL)+(float64(i)+0.5)*step), base+14, textColor, esc(l))
	}
}

// legend writes the series names in a row under the chart.
func legend(b *strings.Builder, series []Series, width, height int) {
	x, y := float64(marginL), float64(height-10)
	for _, s := range series {
		w := 14 + 6.5*float64(len([]rune(s.Name))) + 14
		if x+w > float64(width) && x > marginL {
			break
		}
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="10" height="10" fill="%s"/>`, num(x), num(y-9), s.Color)
		fmt.Fprintf(b, `<text x="%s" y="%s" fill="%s">%s</text>`, num(x+14), num(y), textColor, esc(s.Name))
		x += w
	}
}

// HBars draws labelled horizontal bars, one per row, with the value at the
// end of each bar. width is in SVG user units (0: 640); the labels take
// about a third of it.
func HBars(title string, rows []Bar, format func(float64) string, width int) string {
	if format == nil {
		format = Whole
	}
	if width <= 0 {
		width = defWidth
	}
	const rowH = 22
	labelW := width * 36 / 100
	h := marginT + rowH*max(len(rows), 1) + 8
	peak := 0.0
	for _, r := range rows {
		peak = math.Max(peak, r.Value)
	}
	if peak == 0 {
		peak = 1
	}
	var b strings.Builder
	open(&b, "hbars", title, width, h)
	plotW := float64(width - labelW - 44)
	chars := max((labelW-10)*10/65, 4) // about 6.5 units a character at this font size
	for i, r := range rows {
		color := r.Color
		if color == "" {
			color = Palette[0]
		}
		y := float64(marginT + i*rowH)
		w := math.Max(r.Value*plotW/peak, 0)
		fmt.Fprintf(&b, `<text x="4" y="%s" dominant-baseline="middle" fill="%s">%s</text>`, num(y+rowH/2-2), textColor, esc(clip(r.Label, chars)))
		fmt.Fprintf(&b, `<rect x="%d" y="%s" width="%s" height="%d" fill="%s"><title>%s: %s</title></rect>`, labelW, num(y+2), num(w), rowH-8, color, esc(r.Label), esc(format(r.Value)))
		fmt.Fprintf(&b, `<text x="%s" y="%s" dominant-baseline="middle" fill="%s">%s</text>`, num(float64(labelW)+w+4), num(y+rowH/2-2), textColor, esc(format(r.Value)))
	}
	if len(rows) == 0 {
		fmt.Fprintf(&b, `<text x="%d" y="%d" fill="%s">–</text>`, labelW, marginT+12, textColor)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// niceCeil rounds a peak up to 1, 2 or 5 times a power of ten (at least 1).
func niceCeil(v float64) float64 {
	if v <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

func at(vs []float64, i int) float64 {
	if i < len(vs) {
		return vs[i]
	}
	return 0
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// num writes a coordinate with at most one decimal.
func num(f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		return "0"
	}
	return s
}

func esc(s string) string { return html.EscapeString(s) }
