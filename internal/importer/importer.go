// Package importer reads posts from files exported by other tools: JSON
// Lines or CSV with a documented schema, and a column mapping for files that
// name their fields otherwise. Each record is read on its own; a bad record
// is reported with its line number and reason and the rest go on.
//
// The schema (JSONL keys, or CSV header names):
//
//	id             string or number  the post's id at its origin (optional; the content hash is used when absent)
//	url            string            link to the post
//	text           string            the post's text (required unless title is given)
//	title          string            a headline
//	author_handle  string            the public handle that posted it
//	published_at   string or number  RFC 3339, "2006-01-02 15:04:05", "2006-01-02", "02/01/2006 15:04",
//	                                 RFC 1123, or Unix seconds/milliseconds; no zone means UTC
//	lang           string            language code (vi, en, ...); detected when absent
//	platform       string            where it was posted (facebook, x, tiktok, ...)
//	metrics        object            counts such as {"likes": 3, "shares": 1} (in CSV: a JSON object)
//
// Other keys are ignored (a "story" label is read by `factdesk eval`).
package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/post"
)

// Fields are the schema's field names.
var Fields = []string{"id", "url", "text", "title", "author_handle", "published_at", "lang", "platform", "metrics"}

// MaxLineBytes bounds one JSONL line or CSV record.
const MaxLineBytes = 1 << 20

// Record is one record read from a file: a post, or the reason it was refused.
type Record struct {
	Line  int       // 1-based line where the record starts
	Post  post.Post // valid when Err is nil
	Label string    // the "story" label, when present
	Err   error     // why the record was refused
}

// Options configure Read.
type Options struct {
	Format  string            // "jsonl" or "csv"
	Mapping map[string]string // schema field -> the file's key or column
}

// ParseMapping reads "field=column,field=column".
func ParseMapping(s string) (map[string]string, error) {
	m := map[string]string{}
	if strings.TrimSpace(s) == "" {
		return m, nil
	}
	known := map[string]bool{"story": true}
	for _, f := range Fields {
		known[f] = true
	}
	for _, pair := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(pair, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || k == "" || v == "" {
			return nil, fmt.Errorf("--map: %q is not field=column", pair)
		}
		if !known[k] {
			return nil, fmt.Errorf("--map: unknown field %q (fields: %s)", k, strings.Join(Fields, ", "))
		}
		m[k] = v
	}
	return m, nil
}

// FormatOf guesses the format from a file name: .csv is CSV, anything else JSONL.
func FormatOf(name string) string {
	if strings.HasSuffix(strings.ToLower(name), ".csv") {
		return "csv"
	}
	return "jsonl"
}

// Read calls fn for each record of r, in order. It stops early only when r
// itself fails or fn returns an error.
func Read(r io.Reader, opt Options, fn func(Record) error) error {
	switch opt.Format {
	case "jsonl", "ndjson", "json", "":
		return readJSONL(r, opt, fn)
	case "csv":
		return readCSV(r, opt, fn)
	default:
		return fmt.Errorf("unknown format %q (want jsonl or csv)", opt.Format)
	}
}

func key(opt Options, field string) string {
	if k, ok := opt.Mapping[field]; ok {
		return k
	}
	return field
}

func readJSONL(r io.Reader, opt Options, fn func(Record) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	line := 0
	for {
		raw, err := readLine(br)
		if len(raw) > 0 || err == nil || errors.Is(err, errLineTooLong) {
			line++
		}
		if errors.Is(err, errLineTooLong) {
			if ferr := fn(Record{Line: line, Err: fmt.Errorf("line is longer than %d bytes", MaxLineBytes)}); ferr != nil {
				return ferr
			}
			continue
		}
		if len(bytes.TrimSpace(raw)) > 0 {
			if line == 1 {
				raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
			}
			rec := parseJSON(raw, opt)
			rec.Line = line
			if ferr := fn(rec); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read line %d: %w", line+1, err)
		}
	}
}

var errLineTooLong = errors.New("line too long")

// readLine reads one line without its newline; a line over MaxLineBytes is
// skipped to its end and reported.
func readLine(br *bufio.Reader) ([]byte, error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(buf)+len(chunk) > MaxLineBytes {
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = br.ReadSlice('\n')
			}
			if err != nil && err != io.EOF {
				return nil, err
			}
			return nil, errLineTooLong
		}
		buf = append(buf, chunk...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return bytes.TrimRight(buf, "\r\n"), err
	}
}

// ParseRecord reads one record given as a JSON object, such as an element
// of a JSON array pushed to the API, with the schema and mapping Read uses.
// The record's Line is 0; the caller knows where it came from.
func ParseRecord(raw []byte, opt Options) Record { return parseJSON(raw, opt) }

func parseJSON(raw []byte, opt Options) Record {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return Record{Err: fmt.Errorf("not a JSON object: %s", jsonErr(err))}
	}
	var p post.Post
	var errs []string
	str := func(field string, dst *string) {
		v, ok := obj[key(opt, field)]
		if !ok || string(v) == "null" {
			return
		}
		if err := json.Unmarshal(v, dst); err != nil {
			errs = append(errs, fmt.Sprintf("%s: want a string", field))
		}
	}
	if v, ok := obj[key(opt, "id")]; ok && string(v) != "null" {
		var s string
		var n json.Number
		if json.Unmarshal(v, &s) == nil {
			p.ExternalID = s
		} else if json.Unmarshal(v, &n) == nil {
			p.ExternalID = n.String()
		} else {
			errs = append(errs, "id: want a string or a number")
		}
	}
	str("url", &p.URL)
	str("text", &p.Text)
	str("title", &p.Title)
	str("author_handle", &p.AuthorHandle)
	str("lang", &p.Lang)
	str("platform", &p.Platform)
	if v, ok := obj[key(opt, "published_at")]; ok && string(v) != "null" {
		var s string
		var n json.Number
		var t time.Time
		var err error
		if json.Unmarshal(v, &s) == nil {
			t, err = ParseTime(s)
		} else if json.Unmarshal(v, &n) == nil {
			t, err = ParseTime(n.String())
		} else {
			err = errors.New("want a date string or a number")
		}
		if err != nil {
			errs = append(errs, "published_at: "+err.Error())
		}
		p.PublishedAt = t
	}
	if v, ok := obj[key(opt, "metrics")]; ok && string(v) != "null" {
		m, err := parseMetrics(v)
		if err != nil {
			errs = append(errs, "metrics: "+err.Error())
		}
		p.Metrics = m
	}
	var label string
	if v, ok := obj[key(opt, "story")]; ok {
		var s string
		var n json.Number
		if json.Unmarshal(v, &s) == nil {
			label = s
		} else if json.Unmarshal(v, &n) == nil {
			label = n.String()
		}
	}
	if len(errs) == 0 && strings.TrimSpace(p.Text) == "" && strings.TrimSpace(p.Title) == "" {
		errs = append(errs, "text: missing (a record needs text or a title)")
	}
	if len(errs) > 0 {
		return Record{Err: errors.New(strings.Join(errs, "; "))}
	}
	p.Raw = append([]byte(nil), raw...)
	return Record{Post: p, Label: label}
}

func jsonErr(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%v (at byte %d)", err, se.Offset)
	}
	return err.Error()
}

func parseMetrics(v json.RawMessage) (map[string]int64, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(v, &obj); err != nil {
		var s string
		if json.Unmarshal(v, &s) == nil && strings.TrimSpace(s) != "" { // metrics as a JSON string (CSV style)
			return parseMetrics(json.RawMessage(s))
		}
		return nil, errors.New("want an object of counts")
	}
	m := make(map[string]int64, len(obj))
	for k, raw := range obj {
		var f float64
		if err := json.Unmarshal(raw, &f); err != nil || f < 0 || f > math.MaxInt64/2 || f != math.Trunc(f) {
			return nil, fmt.Errorf("%s: want a whole number of at least 0", k)
		}
		m[k] = int64(f)
	}
	return m, nil
}

func readCSV(r io.Reader, opt Options, fn func(Record) error) error {
	cr := csv.NewReader(bufio.NewReaderSize(r, 64<<10))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			return nil
		}
		return fmt.Errorf("read CSV header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		col[h] = i
	}
	textKey, titleKey := key(opt, "text"), key(opt, "title")
	_, hasText := col[textKey]
	_, hasTitle := col[titleKey]
	if !hasText && !hasTitle {
		return fmt.Errorf("CSV header has no %q or %q column (columns: %s); map one with --map text=COLUMN", textKey, titleKey, strings.Join(header, ", "))
	}
	for {
		rec, err := cr.Read()
		line, _ := cr.FieldPos(0)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				if ferr := fn(Record{Line: pe.StartLine, Err: fmt.Errorf("bad CSV: %v", pe.Err)}); ferr != nil {
					return ferr
				}
				continue
			}
			return fmt.Errorf("read CSV: %w", err)
		}
		obj := map[string]any{}
		for _, f := range append(Fields, "story") {
			k := key(opt, f)
			if i, ok := col[k]; ok && i < len(rec) && rec[i] != "" {
				obj[k] = rec[i]
			}
		}
		raw, _ := json.Marshal(obj)
		out := parseJSON(raw, opt)
		out.Line = line
		if ferr := fn(out); ferr != nil {
			return ferr
		}
	}
}

var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	time.RFC1123Z,
	time.RFC1123,
	time.RFC850,
	time.RFC822Z,
	time.RFC822,
	time.ANSIC,
	"Mon Jan 02 15:04:05 -0700 2006", // Twitter
	"02/01/2006 15:04:05",            // Vietnamese day/month/year
	"02/01/2006 15:04",
	"02/01/2006",
	"Jan 2, 2006 15:04",
	"Jan 2, 2006",
	"2 Jan 2006",
}

// ParseTime reads the time formats the schema accepts. Without a zone the
// time is UTC; a bare number is Unix seconds, or milliseconds when it is too
// large to be seconds.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errors.New("empty date")
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "-/:") {
		switch {
		case n > 1e11 && n < 1e14:
			return time.UnixMilli(int64(n)).UTC(), nil
		case n >= 0 && n <= 1e11:
			sec, frac := math.Modf(n)
			return time.Unix(int64(sec), int64(frac*1e9)).UTC(), nil
		}
		return time.Time{}, fmt.Errorf("%q is out of range for a Unix time", s)
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			if t.Year() < 1990 || t.Year() > 2200 {
				return time.Time{}, fmt.Errorf("%q is out of range", s)
			}
			return t.UTC(), nil
		}
	}
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	return time.Time{}, fmt.Errorf("%q is not a date (want RFC 3339, e.g. 2026-03-01T08:30:00+07:00)", s)
}
