package web

import (
	"strings"
	"testing"
)

func TestSparklineSVG(t *testing.T) {
	for _, counts := range [][]int{nil, {0}, {0, 0, 0}, {1, 5, 0, 2}} {
		doc := parseHTML(t, string(sparklineSVG(`Posts <"quoted"> & more`, counts)))
		svg := first(doc, "svg")
		if svg == nil || attr(svg, "role") != "img" || attr(svg, "aria-label") != `Posts <"quoted"> & more` {
			t.Fatalf("%v: svg %v", counts, svg)
		}
		if got := text(first(svg, "title")); got != `Posts <"quoted"> & more` {
			t.Errorf("%v: title %q", counts, got)
		}
		pts := strings.Fields(attr(first(svg, "polyline"), "points"))
		if want := max(len(counts), 2); len(pts) != want {
			t.Errorf("%v: %d points, want %d", counts, len(pts), want)
		}
	}
	// The peak touches the top padding; zero sits on the base line.
	pts := strings.Fields(attr(first(parseHTML(t, string(sparklineSVG("t", []int{0, 4}))), "polyline"), "points"))
	if pts[0] != "0,22" || pts[1] != "1,2" {
		t.Errorf("points %v", pts)
	}
}

func TestBarChartSVG(t *testing.T) {
	bars := []chartBar{{Value: 0, Tip: "a: 0", Tick: "09:00"}, {Value: 8, Tip: "b <8>"}, {Value: 3, Tip: "c", Tick: "09:20"}}
	doc := parseHTML(t, string(barChartSVG("Posts & time", bars)))
	svg := first(doc, "svg")
	if text(first(svg, "title")) != "Posts & time" || attr(svg, "role") != "img" {
		t.Fatalf("chart not named")
	}
	rects := elemsByClass(svg, "chart-bar")
	if len(rects) != 3 || text(first(rects[1], "title")) != "b <8>" {
		t.Fatalf("bars %d", len(rects))
	}
	if attr(rects[0], "height") != "0" || attr(rects[1], "y") != "10" {
		t.Errorf("bar 0 height %s, bar 1 top %s", attr(rects[0], "height"), attr(rects[1], "y"))
	}
	var labels []string
	for _, l := range elemsByClass(svg, "chart-label") {
		labels = append(labels, text(l))
	}
	if got := strings.Join(labels, " "); got != "0 4 8 09:00 09:20" {
		t.Errorf("labels %q", got)
	}
	if empty := parseHTML(t, string(barChartSVG("none", nil))); first(empty, "svg") == nil {
		t.Error("empty chart missing")
	}
}

func TestFmtUnitAndTicks(t *testing.T) {
	for f, want := range map[float64]string{0: "0", 1.5: "1.5", 2.333333: "2.33", 10: "10", -0.004: "0"} {
		if got := fmtUnit(f); got != want {
			t.Errorf("fmtUnit(%v) = %q, want %q", f, got, want)
		}
	}
	for _, tt := range []struct{ n, want, every int }{{1, 6, 1}, {6, 6, 1}, {7, 6, 2}, {144, 6, 24}, {145, 6, 25}} {
		if got := tickEvery(tt.n, tt.want); got != tt.every {
			t.Errorf("tickEvery(%d, %d) = %d", tt.n, tt.want, got)
		}
	}
}
