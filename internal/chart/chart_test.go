package chart

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// wellFormed parses svg as XML and counts its elements by name.
func wellFormed(t *testing.T, svg string) map[string]int {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	counts := map[string]int{}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return counts
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, svg)
		}
		if se, ok := tok.(xml.StartElement); ok {
			counts[se.Name.Local]++
		}
	}
}

func TestStackedBarsDrawsEverySegmentWithTitles(t *testing.T) {
	svg := StackedBars(Time{
		Title:  `Posts <by> "kind"`,
		Labels: []string{"01/05", "02/05", "03/05"},
		Series: []Series{{Name: "rss", Values: []float64{1, 0, 3}}, {Name: "mastodon", Values: []float64{2, 2, 0}}},
	})
	c := wellFormed(t, svg)
	if c["rect"] != 4+2 { // four non-empty segments and two legend keys
		t.Errorf("rects = %d, want 6", c["rect"])
	}
	if !strings.Contains(svg, `aria-label="Posts &lt;by&gt; &#34;kind&#34;"`) || !strings.Contains(svg, "<title>Posts &lt;by&gt;") {
		t.Errorf("title not escaped into aria-label and <title>: %s", svg)
	}
	if !strings.Contains(svg, "<title>03/05 · rss: 3</title>") {
		t.Errorf("segment has no tooltip naming its value")
	}
	// The peak of the stack is 3, so the axis tops at 5 (1-2-5 steps).
	if !strings.Contains(svg, `>5</text>`) {
		t.Errorf("value axis does not reach 5: %s", svg)
	}
}

func TestLinesAndHBars(t *testing.T) {
	svg := Lines(Time{Title: "Hours to case", Labels: []string{"a", "b"}, Series: []Series{{Name: "median", Values: []float64{1.5, 2}}},
		Format: func(v float64) string { return Whole(v*60) + " min" }})
	c := wellFormed(t, svg)
	if c["polyline"] != 1 || c["circle"] != 2 || !strings.Contains(svg, "<title>a · median: 90 min</title>") {
		t.Errorf("lines: %v", c)
	}
	hb := HBars("Open cases by unit", []Bar{{Label: "Phường Hải Châu 1", Value: 3}, {Label: "Xã Hòa Bắc", Value: 1}}, nil, 0)
	c = wellFormed(t, hb)
	if c["rect"] != 2 || !strings.Contains(hb, "Phường Hải Châu 1: 3") {
		t.Errorf("hbars: %v %s", c, hb)
	}
	empty := HBars("Nothing", nil, nil, 320)
	wellFormed(t, empty)
	wellFormed(t, StackedBars(Time{Title: "empty"}))
}

func TestNiceCeil(t *testing.T) {
	for in, want := range map[float64]float64{0: 1, 1: 1, 3: 5, 7: 10, 12: 20, 180: 200, 501: 1000} {
		if got := niceCeil(in); got != want {
			t.Errorf("niceCeil(%v) = %v, want %v", in, got, want)
		}
	}
}
