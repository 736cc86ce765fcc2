package match

import (
	"fmt"
	"regexp"
	"strconv"
)

// The reasons a match gives are English sentences, stored with the match
// and returned by the API as they are. Each is one of the forms below, so
// that a page can read it back (ParseReason) and word it in its reader's
// language: the catalogue key "reason.<code>" takes the same arguments.
var reasonForms = []struct {
	code   string
	format string         // the English, with one %s per argument
	parse  *regexp.Regexp // reads format's output back, one group per argument
}{
	{"url", "same URL as a known appearance: %s", regexp.MustCompile(`^same URL as a known appearance: (.+)$`)},
	{"quote", "quotes the claim's phrase %s", regexp.MustCompile(`^quotes the claim's phrase (".*")$`)},
	{"numbers", "shares the numbers %s", regexp.MustCompile(`^shares the numbers (.+)$`)},
	{"names", "shares the names %s", regexp.MustCompile(`^shares the names (.+)$`)},
	{"covers", "covers %s%% of the claim's words", regexp.MustCompile(`^covers (\d+)% of the claim's words$`)},
	{"accents", "%s%% of accented words match with their accents", regexp.MustCompile(`^(\d+)% of accented words match with their accents$`)},
	{"recent", "claim checked within the year before the post", regexp.MustCompile(`^claim checked within the year before the post$`)},
	{"bm25", "BM25 %s", regexp.MustCompile(`^BM25 ([0-9.]+)$`)},
}

// Reason is a reason read back: its code and its arguments (a quoted
// phrase without its quotes).
type Reason struct {
	Code string
	Args []string
}

// ReasonCodes lists the codes of every reason a match may give.
func ReasonCodes() []string {
	out := make([]string, len(reasonForms))
	for i, f := range reasonForms {
		out[i] = f.code
	}
	return out
}

// reason words the reason code with args in English.
func reason(code string, args ...string) string {
	for _, f := range reasonForms {
		if f.code != code {
			continue
		}
		if code == "quote" {
			args = []string{strconv.Quote(args[0])}
		}
		as := make([]any, len(args))
		for i, a := range args {
			as[i] = a
		}
		return fmt.Sprintf(f.format, as...)
	}
	panic("match: unknown reason " + code)
}

// ParseReason reads back a reason a match gave; ok is false for any other
// text (a reason of an older version, say), which is then best shown as
// it is, in English.
func ParseReason(s string) (r Reason, ok bool) {
	for _, f := range reasonForms {
		m := f.parse.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		r = Reason{Code: f.code, Args: m[1:]}
		if f.code == "quote" {
			q, err := strconv.Unquote(m[1])
			if err != nil {
				return Reason{}, false
			}
			r.Args = []string{q}
		}
		return r, true
	}
	return Reason{}, false
}
