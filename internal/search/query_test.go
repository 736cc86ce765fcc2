package search_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/search"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want string // Query.String(), or "" when err is set
		err  error
	}{
		{in: "tin giả", want: "tin giả"},
		{in: "  Tin   GIẢ  ", want: "Tin GIẢ"},
		{in: `"tin giả"`, want: `"tin giả"`},
		{in: `"tin giả" Đà Nẵng`, want: `"tin giả" Đà Nẵng`},
		{in: "vac-xin", want: `"vac xin"`},
		{in: "vắc-xin covid-19", want: `"vắc xin" "covid 19"`},
		{in: "da nang -bão", want: "da nang -bão"},
		{in: `lũ -"tin giả"`, want: `lũ -"tin giả"`},
		{in: "-vac-xin lũ", want: `lũ -"vac xin"`},
		{in: "bão OR lũ", want: "bão OR lũ"},
		{in: "miền Trung bão OR lũ OR mưa", want: "miền Trung bão OR lũ OR mưa"},
		{in: `"tin giả" OR "tin đồn" Hà Nội`, want: `"tin giả" OR "tin đồn" Hà Nội`},
		{in: "bão or lũ", want: "bão or lũ"}, // lower-case "or" is a word
		{in: "OR bão OR", want: "bão"},       // dangling OR is ignored
		{in: "bão OR -lũ mưa", want: "bão mưa -lũ"},
		{in: "bão OR OR lũ", want: "bão OR lũ"},
		{in: "(bão OR lũ) miền", want: "bão OR lũ miền"},
		{in: `"OR"`, want: `"OR"`},
		{in: "- bão", want: "bão"}, // a lone minus is punctuation
		{in: "bão -", want: "bão"},
		{in: "--bão lũ", want: "lũ -bão"},
		{in: `"unbalanced phrase`, want: `"unbalanced phrase"`},
		{in: `tin"giả mạo"`, want: `tin "giả mạo"`},
		{in: "don't", want: `"don t"`},
		{in: "NEAR(a b)", want: `"NEAR a" b`},
		{in: "col:x", want: `"col x"`},
		{in: "{exact}:giả", want: `"exact giả"`},
		{in: "a* ^b", want: "a b"},
		{in: "Ha\u0300 Nô\u0323i", want: "Hà Nội"}, // NFD input
		{in: "", err: search.ErrEmptyQuery},
		{in: "   \t\n", err: search.ErrEmptyQuery},
		{in: `"`, err: search.ErrNoWords},
		{in: `""`, err: search.ErrNoWords},
		{in: "*", err: search.ErrNoWords},
		{in: "OR", err: search.ErrNoWords},
		{in: "- -- ()", err: search.ErrNoWords},
		{in: "-bão", err: search.ErrOnlyExcluded},
		{in: `-bão -"tin giả"`, err: search.ErrOnlyExcluded},
		{in: strings.Repeat("a ", 65), err: search.ErrQueryTooLong},
		{in: strings.Repeat("x", 1025), err: search.ErrQueryTooLong},
	}
	for _, tt := range tests {
		q, err := search.Parse(tt.in)
		if tt.err != nil {
			if !errors.Is(err, tt.err) || !apperr.Is(err, apperr.Invalid) {
				t.Errorf("Parse(%q) error = %v, want %v", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := q.String(); got != tt.want {
			t.Errorf("Parse(%q) = %s, want %s", tt.in, got, tt.want)
		}
		// The canonical form reads back as the same query.
		again, err := search.Parse(q.String())
		if err != nil || again.String() != q.String() {
			t.Errorf("Parse(%q).String() = %s does not round-trip: %s, %v", tt.in, q.String(), again.String(), err)
		}
	}
}

func TestParseStructure(t *testing.T) {
	q, err := search.Parse(`miền Trung "bão số 5" OR lũ -"tin giả"`)
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Groups) != 3 || len(q.Groups[2]) != 2 || len(q.Exclude) != 1 {
		t.Fatalf("structure: %+v", q)
	}
	if p := q.Groups[2][0]; !p.Quoted || strings.Join(p.Words, "|") != "bão|số|5" {
		t.Errorf("phrase: %+v", p)
	}
	if p := q.Exclude[0]; !p.Quoted || strings.Join(p.Words, "|") != "tin|giả" {
		t.Errorf("excluded phrase: %+v", p)
	}
}
