package web

import (
	"html/template"
	"time"

	"github.com/factdesk/factdesk/internal/i18n"
	"github.com/factdesk/factdesk/internal/store"
)

// Timeline limits: a story's chart has at most timelineBars bars, each as
// wide as the first of timelineWidths that fits its life in them.
const (
	timelineBars  = 144
	timelineTicks = 6
)

func timelineWidths() []time.Duration {
	return []time.Duration{10 * time.Minute, 30 * time.Minute, time.Hour, 3 * time.Hour, 6 * time.Hour,
		12 * time.Hour, 24 * time.Hour, 7 * 24 * time.Hour}
}

// timeline is a story's posts over time as a chart and as a table.
type timeline struct {
	Chart template.HTML
	Width string // "10 min", in the page's language
	Rows  []timelineRow
}

// timelineRow is one non-empty bar, for the table that stands in for the
// chart.
type timelineRow struct {
	ISO   string
	Start string // exact, UTC
	Count int
}

// timeline draws a story's buckets from its first to its last post.
func (h *Handler) timeline(lang string, s store.Story, buckets []store.StoryBucket) timeline {
	from, to := s.FirstSeen.UTC(), s.LastSeen.UTC()
	if to.Before(from) {
		to = from
	}
	width := timelineWidths()[len(timelineWidths())-1]
	for _, w := range timelineWidths() {
		if to.Truncate(w).Sub(from.Truncate(w))/w+1 <= timelineBars {
			width = w
			break
		}
	}
	from, to = from.Truncate(width), to.Truncate(width).Add(width)
	n := int(to.Sub(from) / width)
	counts := make([]int, n)
	for _, b := range buckets {
		if i := int(b.Start.Sub(from) / width); !b.Start.Before(from) && i < n {
			counts[i] += b.Count
		}
	}
	tl := timeline{Width: h.duration(lang, width)}
	bars := make([]chartBar, n)
	every := tickEvery(n, timelineTicks)
	total, peak := 0, 0
	for i, c := range counts {
		start := from.Add(time.Duration(i) * width)
		bars[i] = chartBar{Value: c, Tip: h.cat.T(lang, "story.chart.tip", exactTime(start), c)}
		if i%every == 0 {
			bars[i].Tick = tickLabel(lang, start, width, to.Sub(from))
		}
		if c > 0 {
			tl.Rows = append(tl.Rows, timelineRow{ISO: start.Format(time.RFC3339), Start: exactTime(start), Count: c})
		}
		total, peak = total+c, max(peak, c)
	}
	title := h.cat.T(lang, "story.chart.title", tl.Width, exactTime(from), exactTime(to), total, peak)
	tl.Chart = barChartSVG(title, bars)
	return tl
}

// tickLabel writes a bar's start under the chart: the time of day for a
// chart within a day, the date and time for longer ones, the date alone
// for bars of a day or more.
func tickLabel(lang string, t time.Time, width, span time.Duration) string {
	switch {
	case width >= 24*time.Hour:
		if lang == i18n.Vietnamese {
			return t.Format("02/01")
		}
		return t.Format("Jan 2")
	case span <= 24*time.Hour:
		return t.Format("15:04")
	case lang == i18n.Vietnamese:
		return t.Format("02/01 15:04")
	}
	return t.Format("Jan 2 15:04")
}
