package drill

import (
	"errors"
	"strings"
	"testing"
)

func TestBuiltinsParse(t *testing.T) {
	for _, name := range Builtins() {
		sc, err := Load(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(sc.Claims) == 0 || len(sc.Expected) == 0 || sc.Outbreak.MaxPosts == 0 {
			t.Errorf("%s: parsed without claims, expectations or defaults: %+v", name, sc)
		}
	}
	if _, err := Load("builtin:nope"); err == nil || !strings.Contains(err.Error(), "builtin:vi-basic") {
		t.Errorf("unknown built-in: %v", err)
	}
}

// Invalid files name the line and the field of each problem.
func TestParseErrorsNameLineAndField(t *testing.T) {
	base, err := ReadSource("builtin:en-basic")
	if err != nil {
		t.Fatal(err)
	}
	src := string(base)
	cases := []struct {
		name, from, to string
		field, msg     string
	}{
		{"unknown field", "mutation_rate: 0.25", "mutation_rat: 0.25", "outbreak.mutation_rat", "not found"},
		{"wrong type", "ratio: 0.6,", "ratio: lots,", "outbreak.branching", "cannot unmarshal"},
		{"bad duration", "duration: 4h", "duration: four hours", "duration", "not a duration"},
		{"unknown claim", "  - claim: lemon-dengue\n    verdict", "  - claim: lemon-dangue\n    verdict", "expected[1].claim", `no claim has the id "lemon-dangue"`},
		{"bad verdict", `verdict: "true"`, `verdict: "sort of"`, "claims[2].verdict", "unknown verdict"},
		{"place not a unit", "place: Stonebridge\n    text", "place: Atlantis\n    text", "injects[1].place", "not the name or alias of a unit"},
		{"bad role", "role: analyst", "role: boss", "team[3].role", "unknown role"},
		{"ratio explodes", "ratio: 0.6,", "ratio: 1.5,", "outbreak.branching.ratio", "cascade ends"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(src, c.from) {
				t.Fatalf("fixture lacks %q", c.from)
			}
			mod := strings.Replace(src, c.from, c.to, 1)
			line := strings.Count(mod[:strings.Index(mod, c.to)], "\n") + 1
			_, err := Parse([]byte(mod), "en.yaml")
			var se *ScenarioError
			if !errors.As(err, &se) {
				t.Fatalf("want a ScenarioError, got %v", err)
			}
			for _, p := range se.Problems {
				if p.Line == line && strings.HasPrefix(p.Field, c.field) && strings.Contains(p.Msg, c.msg) {
					return
				}
			}
			t.Errorf("want line %d field %s %q; got %v", line, c.field, c.msg, err)
		})
	}
}
