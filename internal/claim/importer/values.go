package importer

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// str reads a JSON-LD value as text: a string, a number, {"@value": ...},
// or the first of an array.
func str(v any) string {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case json.Number:
		return v.String()
	case map[string]any:
		return str(v["@value"])
	case []any:
		for _, x := range v {
			if s := str(x); s != "" {
				return s
			}
		}
	}
	return ""
}

// name reads the name of a Thing (an object with "name"), or a plain
// string, or the first name in an array.
func name(v any) string {
	switch v := v.(type) {
	case map[string]any:
		return str(v["name"])
	case []any:
		for _, x := range v {
			if s := name(x); s != "" {
				return s
			}
		}
		return ""
	}
	return str(v)
}

// urls reads URLs: strings, objects with "url" or "@id", or arrays of them.
func urls(v any) []string {
	switch v := v.(type) {
	case string:
		if s := strings.TrimSpace(v); s != "" {
			return []string{s}
		}
	case map[string]any:
		if u := str(v["url"]); u != "" {
			return []string{u}
		}
		if u := str(v["@id"]); strings.HasPrefix(u, "http") {
			return []string{u}
		}
	case []any:
		var out []string
		for _, x := range v {
			out = append(out, urls(x)...)
		}
		return out
	}
	return nil
}

// list reads a list of strings: an array, or a string of items separated
// by sep.
func list(v any, sep string) []string {
	switch v := v.(type) {
	case []any:
		var out []string
		for _, x := range v {
			if s := str(x); s != "" {
				out = append(out, s)
			}
		}
		return out
	case string:
		var out []string
		for _, s := range strings.Split(v, sep) {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	if s := str(v); s != "" {
		return []string{s}
	}
	return nil
}

// number reads a number or a numeric string.
func number(v any) (float64, bool) {
	s := str(v)
	if s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

var dateLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02", "2006-01", "2006"}

// date reads a date in one of dateLayouts; no zone means UTC. field names
// the value in the error.
func date(field string, v any) (time.Time, error) {
	s := str(v)
	if s == "" {
		return time.Time{}, nil
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%s: cannot read the date %q (want RFC 3339 or 2006-01-02)", field, s)
}
