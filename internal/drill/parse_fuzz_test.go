package drill

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParse: any scenario file either parses into a scenario or is refused
// with a *ScenarioError listing at least one problem, each with a message;
// it never panics (YAML aliases, odd types, deep nesting included).
//
//	go test -run '^$' -fuzz FuzzParse -fuzztime 60s ./internal/drill/
func FuzzParse(f *testing.F) {
	for _, name := range Builtins() {
		data, err := ReadSource(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"", "---", "name: x\n", "a: &a [*a]", "name: [1, 2]\nduration: -5m\n", "{", "name: !!binary aGk=",
		"a: &a [x,x,x,x]\nb: &b [*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b]\nd: [*c,*c,*c,*c]\n", "\t- x", "outbreak:\n  seeds:\n    - claim: 1\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := Parse(data, "fuzz.yaml")
		if err == nil {
			if sc == nil {
				t.Fatal("no scenario and no error")
			}
			return
		}
		var se *ScenarioError
		if !errors.As(err, &se) {
			t.Fatalf("error %T %v is not a *ScenarioError", err, err)
		}
		if len(se.Problems) == 0 {
			t.Fatalf("ScenarioError without problems for %q", data)
		}
		for _, p := range se.Problems {
			if strings.TrimSpace(p.Msg) == "" {
				t.Fatalf("problem without a message: %+v", p)
			}
		}
	})
}

func TestParseRefusesHugeFile(t *testing.T) {
	data := []byte("name: x\ndescription: \"" + strings.Repeat("a", MaxScenarioBytes) + "\"\n")
	_, err := Parse(data, "huge.yaml")
	var se *ScenarioError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "at most 1024 KiB") {
		t.Fatalf("a %d-byte scenario: %v, want a ScenarioError naming the limit", len(data), err)
	}
}
