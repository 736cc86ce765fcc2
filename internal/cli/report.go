package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	ucli "github.com/urfave/cli/v3"

	"github.com/factdesk/factdesk/internal/report"
	"github.com/factdesk/factdesk/internal/store"
)

// reportFormats are the formats `factdesk report` writes.
var reportFormats = []string{"html", "pdf", "md", "csv", "json"}

func reportCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:  "report",
		Usage: "write a situation report of a unit (and everything below it) over a period",
		Description: "Writes the headline numbers against the previous period of the same length, post volume by\n" +
			"source kind, rising stories with their matched claims, open alerts, open and overdue cases, cases\n" +
			"by unit, response times and publications. html is one self-contained file (inline CSS and SVG)\n" +
			"that prints well; pdf is printed from it by headless Chromium; md and csv hold the same numbers.\n" +
			"Times: RFC 3339 (2026-05-01T00:00:00+07:00), a date (2026-05-01, midnight in --tz), or a duration\n" +
			"back from now (7d, 36h).",
		Flags: []ucli.Flag{
			&ucli.Int64Flag{Name: "unit", Usage: "unit id (default: the root unit; with several roots, the whole organisation)"},
			&ucli.StringFlag{Name: "from", Usage: "start of the period (default: 7 days before --to)"},
			&ucli.StringFlag{Name: "to", Usage: "end of the period (default: now)"},
			&ucli.StringFlag{Name: "format", Value: "html", Usage: "html, pdf, md, csv or json"},
			&ucli.StringFlag{Name: "out", Usage: "file to write (default: standard output; for pdf a file named after the unit and period)"},
			&ucli.StringFlag{Name: "lang", Value: report.Vietnamese, Usage: "language of the report: vi or en"},
			&ucli.StringFlag{Name: "note", Usage: "the lead's note, printed near the top"},
			&ucli.StringFlag{Name: "tz", Value: "Asia/Ho_Chi_Minh", Usage: "time zone of dates and labels (IANA name)"},
			&ucli.StringFlag{Name: "chromium", Usage: "Chromium to print PDF with (default: /usr/bin/chromium or chromium on PATH)", Sources: ucli.EnvVars("FACTDESK_CHROMIUM")},
		},
		Action: func(ctx context.Context, cmd *ucli.Command) error { return runReport(ctx, cmd, env) },
	}
}

// reportArgs are the checked flags of a report.
type reportArgs struct {
	q           report.Query
	format, out string
	lang, note  string
	chromium    string
}

func readReportArgs(cmd *ucli.Command, now time.Time) (reportArgs, error) {
	a := reportArgs{format: cmd.String("format"), out: cmd.String("out"), lang: cmd.String("lang"), note: cmd.String("note")}
	if !contains(reportFormats, a.format) {
		return a, usageError("--format %q: want one of %s", a.format, strings.Join(reportFormats, ", "))
	}
	if a.lang != report.Vietnamese && a.lang != report.English {
		return a, usageError("--lang %q: want vi or en", a.lang)
	}
	loc, err := time.LoadLocation(cmd.String("tz"))
	if err != nil {
		return a, usageError("--tz %q: not a known time zone (want e.g. Asia/Ho_Chi_Minh or UTC)", cmd.String("tz"))
	}
	to := now
	if v := cmd.String("to"); v != "" {
		if to, err = parseReportTime(v, now, loc); err != nil {
			return a, usageError("--to: %v", err)
		}
	}
	from := to.Add(-7 * 24 * time.Hour)
	if v := cmd.String("from"); v != "" {
		if from, err = parseReportTime(v, now, loc); err != nil {
			return a, usageError("--from: %v", err)
		}
	}
	if !to.After(from) {
		return a, usageError("--from (%s) must be before --to (%s)", from.Format(time.RFC3339), to.Format(time.RFC3339))
	}
	a.q = report.Query{UnitID: cmd.Int64("unit"), From: from, To: to, Location: loc}
	a.chromium = cmd.String("chromium")
	return a, nil
}

// parseReportTime reads an RFC 3339 time, a date (midnight in loc), or a
// duration back from now ("7d", "36h").
func parseReportTime(v string, now time.Time, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02", "2006-01-02T15:04", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return t, nil
		}
	}
	if d, ok := strings.CutSuffix(v, "d"); ok {
		var n int
		if _, err := fmt.Sscanf(d, "%d", &n); err == nil && n > 0 && fmt.Sprint(n) == d {
			return now.Add(-time.Duration(n) * 24 * time.Hour), nil
		}
	}
	if d, err := time.ParseDuration(v); err == nil && d > 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("%q is not a time: want 2026-05-01, 2026-05-01T08:00:00+07:00, 7d or 36h", v)
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

func runReport(ctx context.Context, cmd *ucli.Command, env Env) error {
	a, err := readReportArgs(cmd, env.Clock.Now())
	if err != nil {
		return err
	}
	chromium := ""
	if a.format == "pdf" {
		// Fail before the work when PDF cannot be printed.
		if chromium, err = report.FindChromium(a.chromium); err != nil {
			return ucli.Exit(err.Error(), 1)
		}
	}
	prog := newSteps(env)
	return withStore(ctx, cmd, env, func(db *store.DB) error {
		prog.step("reading the store")
		s, err := report.NewBuilder(db, env.Clock).Build(ctx, a.q)
		if err != nil {
			return err
		}
		s.Note = a.note
		prog.step("writing " + a.format)
		if a.format == "pdf" {
			return writePDFReport(ctx, env, a, chromium, s, prog)
		}
		var buf bytes.Buffer
		if err := writeReport(&buf, s, a.format, a.lang); err != nil {
			return err
		}
		if err := writeOut(env.Stdout, a.out, buf.Bytes()); err != nil {
			return err
		}
		prog.done(a.out)
		return nil
	})
}

// writeReport writes s in a text format.
func writeReport(w io.Writer, s *report.Situation, format, lang string) error {
	switch format {
	case "html":
		return report.WriteHTML(w, s, lang)
	case "md":
		return report.WriteMarkdown(w, s, lang)
	case "csv":
		return report.WriteCSV(w, s, lang)
	default:
		return printJSON(w, s)
	}
}

func writePDFReport(ctx context.Context, env Env, a reportArgs, chromium string, s *report.Situation, prog *steps) error {
	out := a.out
	if out == "" {
		out = fmt.Sprintf("factdesk-report-%d-%s.pdf", s.Unit.ID, s.From.In(a.q.Location).Format("20060102"))
	}
	target := out
	if out == "-" {
		f, err := os.CreateTemp("", "factdesk-report-*.pdf")
		if err != nil {
			return fmt.Errorf("PDF: %w", err)
		}
		f.Close()
		defer os.Remove(f.Name())
		target = f.Name()
	}
	prog.step("printing PDF with " + chromium)
	if err := report.WritePDF(ctx, chromium, s, a.lang, target); err != nil {
		return err
	}
	if out == "-" {
		b, err := os.ReadFile(target)
		if err != nil {
			return fmt.Errorf("PDF: %w", err)
		}
		_, err = env.Stdout.Write(b)
		return err
	}
	if a.out == "" {
		fmt.Fprintln(env.Stderr, "wrote", out)
	}
	prog.done(out)
	return nil
}

// writeOut writes b to the file out, or to stdout when out is "" or "-".
func writeOut(stdout io.Writer, out string, b []byte) error {
	if out == "" || out == "-" {
		_, err := stdout.Write(b)
		return err
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	return nil
}

// steps shows what a long report is doing, on stderr, only when stderr is
// a terminal.
type steps struct {
	w     io.Writer
	clock func() time.Time
	start time.Time
}

func newSteps(env Env) *steps {
	s := &steps{clock: env.Clock.Now}
	if isTerminal(env.Stderr) {
		s.w = env.Stderr
	}
	s.start = s.clock()
	return s
}

func (s *steps) step(what string) {
	if s.w != nil {
		fmt.Fprintf(s.w, "report: %s… (%.1fs)\n", what, s.clock().Sub(s.start).Seconds())
	}
}

func (s *steps) done(out string) {
	if s.w != nil && out != "" && out != "-" {
		fmt.Fprintf(s.w, "report: wrote %s in %.1fs\n", out, s.clock().Sub(s.start).Seconds())
	}
}
