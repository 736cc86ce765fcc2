package report

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// WriteMarkdown writes the report as Markdown with the same numbers as the
// HTML report (tables instead of charts).
func WriteMarkdown(w io.Writer, s *Situation, lang string) error {
	lang = Lang(lang)
	L := func(k string) string { return Label(lang, k) }
	tm := func(t time.Time) string {
		if t.IsZero() {
			return "–"
		}
		return t.In(location(s.TimeZone)).Format("02/01/2006 15:04")
	}
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("# %s\n\n", mdEsc(Title(s, lang)))
	p("%s: **%s – %s** · %s: %s – %s · %s %s · %s %s\n\n", L("period"), tm(s.From), tm(s.To), L("previous"), tm(s.PreviousFrom), tm(s.From),
		L("time_zone"), s.TimeZone, L("generated"), tm(s.GeneratedAt))
	if s.Note != "" {
		p("## %s\n\n%s\n\n", L("note"), mdEsc(s.Note))
	}
	p("## %s\n\n| | %s | %s | %s |\n|---|---:|---:|---:|\n", L("headline"), L("total"), L("previous"), L("vs_previous"))
	for _, f := range s.Headline {
		prev, chg := L(f.Span), ""
		if f.Previous != nil {
			prev, chg = FormatInt(lang, *f.Previous), FormatChange(lang, f.Change)
		}
		p("| %s | %s | %s | %s |\n", L("fig."+f.Key), FormatInt(lang, f.Value), prev, chg)
	}
	p("\n## %s (%s)\n\n", L("volume"), L("per."+s.Bucket))
	header := []string{L("kind")}
	header = append(header, s.BucketLabels...)
	header = append(header, L("total"))
	p("| %s |\n|%s\n", strings.Join(header, " | "), strings.Repeat("---|", len(header)))
	for _, k := range s.Volume {
		row := []string{mdEsc(k.Kind)}
		for _, c := range k.Counts {
			row = append(row, FormatInt(lang, c))
		}
		p("| %s | %s |\n", strings.Join(row, " | "), FormatInt(lang, k.Total))
	}
	p("\n## %s\n\n", L("rising"))
	mdTable(b, lang, []string{L("story"), L("posts_period"), L("posts_previous"), L("sources"), L("claims")}, len(s.RisingStories), func(i int) []string {
		r := s.RisingStories[i]
		var cl []string
		for _, c := range r.Claims {
			cl = append(cl, L("verdict."+c.Verdict)+": "+c.Text)
		}
		return []string{fmt.Sprintf("#%d %s", r.ID, r.Title), FormatInt(lang, r.Posts), FormatInt(lang, r.PostsPrev), FormatInt(lang, r.Sources), strings.Join(cl, "; ")}
	})
	p("\n## %s (%s)\n\n", L("open_alerts"), FormatInt(lang, s.OpenAlerts.Count))
	mdTable(b, lang, []string{L("at"), L("kind"), L("alert"), L("unit")}, len(s.OpenAlerts.Latest), func(i int) []string {
		a := s.OpenAlerts.Latest[i]
		return []string{tm(a.At), L("alert." + a.Kind), a.Explanation, unitName(lang, a.Unit)}
	})
	p("\n## %s: %s\n\n", L("open_cases"), FormatInt(lang, s.OpenCases.Total))
	for _, g := range []struct {
		key, col, prefix string
		counts           []Count
	}{{"by_status", "status", "status.", s.OpenCases.ByStatus}, {"by_priority", "priority", "priority.", s.OpenCases.ByPriority}, {"by_unit", "unit", "", s.OpenCases.ByUnit}} {
		p("### %s\n\n", L(g.key))
		mdTable(b, lang, []string{L(g.col), L("total")}, len(g.counts), func(i int) []string {
			k := g.counts[i].Key
			if g.prefix != "" {
				k = L(g.prefix + k)
			}
			return []string{unitName(lang, k), FormatInt(lang, g.counts[i].Value)}
		})
		p("\n")
	}
	p("## %s\n\n", L("overdue"))
	mdTable(b, lang, []string{L("case"), L("status"), L("priority"), L("unit"), L("due")}, len(s.Overdue), func(i int) []string {
		c := s.Overdue[i]
		return []string{fmt.Sprintf("#%d %s", c.ID, c.Title), L("status." + c.Status), L("priority." + c.Priority), unitName(lang, c.Unit), tm(c.DueAt)}
	})
	p("\n## %s\n\n", L("cases_by_unit"))
	mdTable(b, lang, []string{L("unit"), L("opened"), L("closed"), L("fig.cases_overdue")}, len(s.CasesByUnit), func(i int) []string {
		u := s.CasesByUnit[i]
		return []string{unitName(lang, u.Unit), FormatInt(lang, u.Opened), FormatInt(lang, u.Closed), FormatInt(lang, u.Overdue)}
	})
	p("\n## %s\n\n", L("response"))
	mdTable(b, lang, []string{L("stage"), L("count"), L("median") + " (" + L("hours") + ")", L("p90") + " (" + L("hours") + ")"}, len(s.ResponseTimes), func(i int) []string {
		r := s.ResponseTimes[i]
		return []string{L("stage." + r.Stage), strconv.Itoa(r.Count), hours(lang, r.MedianHours), hours(lang, r.P90Hours)}
	})
	p("\n## %s (%s)\n\n", L("publications"), FormatInt(lang, s.Publications.Count))
	mdTable(b, lang, []string{L("title_col"), L("rating"), L("unit"), L("published")}, len(s.Publications.Latest), func(i int) []string {
		r := s.Publications.Latest[i]
		return []string{r.Title, L("verdict." + r.Rating), unitName(lang, r.Unit), tm(r.PublishedAt)}
	})
	p("\n---\n%s\n", L("footer"))
	return b.Flush()
}

// mdTable writes a Markdown table of n rows, or "None." when n is 0.
func mdTable(w io.Writer, lang string, head []string, n int, row func(int) []string) {
	if n == 0 {
		fmt.Fprintf(w, "%s\n", Label(lang, "none"))
		return
	}
	fmt.Fprintf(w, "| %s |\n|%s\n", strings.Join(head, " | "), strings.Repeat("---|", len(head)))
	for i := range n {
		cells := row(i)
		for j := range cells {
			cells[j] = mdEsc(cells[j])
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
	}
}

// mdEsc keeps text from breaking a table or starting Markdown markup.
func mdEsc(s string) string {
	r := strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ", "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", "[", `\[`)
	return r.Replace(s)
}

func hours(lang string, h *float64) string {
	if h == nil {
		return "–"
	}
	return FormatFloat(lang, *h)
}

// WriteCSV writes the report's numbers as CSV rows "section, key, label,
// value, previous, extra": one table for reuse in a spreadsheet. Numbers are
// plain (no separators) whatever the language; labels follow lang.
func WriteCSV(w io.Writer, s *Situation, lang string) error {
	lang = Lang(lang)
	cw := csv.NewWriter(w)
	i := func(v int64) string { return strconv.FormatInt(v, 10) }
	rows := [][]string{{"section", "key", "label", "value", "previous", "detail"}}
	add := func(r ...string) { rows = append(rows, r) }
	add("period", "from", Label(lang, "period"), s.From.Format(time.RFC3339), s.PreviousFrom.Format(time.RFC3339), s.To.Format(time.RFC3339))
	add("period", "unit", Label(lang, "unit"), strconv.FormatInt(s.Unit.ID, 10), "", s.Unit.Path)
	for _, f := range s.Headline {
		prev := ""
		if f.Previous != nil {
			prev = i(*f.Previous)
		}
		add("headline", f.Key, Label(lang, "fig."+f.Key), i(f.Value), prev, f.Span)
	}
	for _, k := range s.Volume {
		for b, c := range k.Counts {
			add("post_volume", k.Kind, s.BucketLabels[b], i(c), "", s.BucketStarts[b].Format(time.RFC3339))
		}
	}
	for _, r := range s.RisingStories {
		var cl []string
		for _, c := range r.Claims {
			cl = append(cl, fmt.Sprintf("%d:%s:%s", c.ID, c.Verdict, c.Text))
		}
		add("rising_story", strconv.FormatInt(r.ID, 10), r.Title, i(r.Posts), i(r.PostsPrev), strings.Join(cl, " | "))
	}
	for _, a := range s.OpenAlerts.Latest {
		add("open_alert", strconv.FormatInt(a.ID, 10), a.Explanation, a.Kind, "", a.At.Format(time.RFC3339))
	}
	for _, g := range []struct {
		name   string
		counts []Count
	}{{"open_cases_status", s.OpenCases.ByStatus}, {"open_cases_priority", s.OpenCases.ByPriority}, {"open_cases_unit", s.OpenCases.ByUnit}} {
		for _, c := range g.counts {
			add(g.name, c.Key, c.Key, i(c.Value), "", "")
		}
	}
	for _, c := range s.Overdue {
		add("overdue_case", strconv.FormatInt(c.ID, 10), c.Title, c.Status, c.Priority, c.DueAt.Format(time.RFC3339))
	}
	for _, u := range s.CasesByUnit {
		add("cases_by_unit", strconv.FormatInt(u.UnitID, 10), u.Unit, i(u.Opened), i(u.Closed), "overdue="+i(u.Overdue))
	}
	for _, r := range s.ResponseTimes {
		add("response_time", r.Stage, Label(lang, "stage."+r.Stage), strconv.Itoa(r.Count), plainHours(r.MedianHours), "p90="+plainHours(r.P90Hours))
	}
	for _, p := range s.Publications.Latest {
		add("publication", strconv.FormatInt(p.ID, 10), p.Title, p.Rating, p.Status, p.PublishedAt.Format(time.RFC3339))
	}
	if s.Note != "" {
		add("note", "note", Label(lang, "note"), s.Note, "", "")
	}
	for _, r := range rows {
		for j := range r {
			r[j] = csvSafe(r[j])
		}
	}
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("write CSV report: %w", err)
	}
	return nil
}

func plainHours(h *float64) string {
	if h == nil {
		return ""
	}
	return strconv.FormatFloat(*h, 'f', 2, 64)
}

// csvSafe keeps a spreadsheet from reading text taken from posts as a
// formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+@\t\r", rune(s[0])) {
		return "'" + s
	}
	if len(s) > 1 && s[0] == '-' && (s[1] < '0' || s[1] > '9') {
		return "'" + s
	}
	return s
}
