package drill

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

//go:embed builtin/*.yaml
var builtinFS embed.FS

// BuiltinPrefix names a scenario built into the binary: "builtin:vi-basic".
const BuiltinPrefix = "builtin:"

// Builtins lists the names of the built-in scenarios.
func Builtins() []string { return []string{"builtin:vi-basic", "builtin:en-basic"} }

// Load reads a scenario: a built-in one ("builtin:vi-basic") or a YAML file.
func Load(name string) (*Scenario, error) {
	data, err := ReadSource(name)
	if err != nil {
		return nil, err
	}
	return Parse(data, name)
}

// ReadSource returns the YAML text of a scenario name, so that a run can
// keep the exact scenario it played.
func ReadSource(name string) ([]byte, error) {
	if rest, ok := strings.CutPrefix(name, BuiltinPrefix); ok {
		data, err := builtinFS.ReadFile("builtin/" + rest + ".yaml")
		if err != nil {
			return nil, fmt.Errorf("no built-in scenario %q (there are %s)", name, strings.Join(Builtins(), ", "))
		}
		return data, nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read scenario: %w", err)
	}
	return data, nil
}

// Problem is one thing wrong in a scenario file, at a line and a field.
type Problem struct {
	Line  int    `json:"line"`
	Field string `json:"field"` // "outbreak.seeds[0].claim"
	Msg   string `json:"message"`
}

// ScenarioError lists what is wrong in a scenario file.
type ScenarioError struct {
	File     string
	Problems []Problem
}

func (e *ScenarioError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "scenario %s is not valid:", e.File)
	for _, p := range e.Problems {
		fmt.Fprintf(&b, "\n  %s:%d: %s: %s", e.File, p.Line, p.Field, p.Msg)
	}
	return b.String()
}

// MaxScenarioBytes bounds a scenario file; the built-in ones are a few KiB.
const MaxScenarioBytes = 1 << 20

// Parse decodes and checks a scenario. Every problem found is reported with
// its line and field; unknown fields are problems too.
func Parse(data []byte, file string) (*Scenario, error) {
	if len(data) > MaxScenarioBytes {
		return nil, &ScenarioError{File: file, Problems: []Problem{{Line: 1, Field: "(file)",
			Msg: fmt.Sprintf("the file is %d bytes; a scenario may be at most %d KiB", len(data), MaxScenarioBytes>>10)}}}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, &ScenarioError{File: file, Problems: yamlProblems(err, nil)}
	}
	if len(root.Content) == 0 {
		return nil, &ScenarioError{File: file, Problems: []Problem{{Line: 1, Field: "(file)", Msg: "empty scenario"}}}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var sc Scenario
	if err := dec.Decode(&sc); err != nil {
		return nil, &ScenarioError{File: file, Problems: yamlProblems(err, root.Content[0])}
	}
	v := &validator{doc: root.Content[0]}
	v.scenario(&sc)
	if len(v.problems) > 0 {
		return nil, &ScenarioError{File: file, Problems: v.problems}
	}
	sc.defaults()
	return &sc, nil
}

var lineRE = regexp.MustCompile(`line (\d+): (.*)`)

// yamlProblems turns the decoder's errors into problems, naming the field
// found at each line.
func yamlProblems(err error, doc *yaml.Node) []Problem {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	out := make([]Problem, 0, len(msgs))
	for _, m := range msgs {
		p := Problem{Line: 1, Field: "(file)", Msg: m}
		if sub := lineRE.FindStringSubmatch(m); sub != nil {
			p.Line, _ = strconv.Atoi(sub[1])
			p.Msg = sub[2]
			if f := fieldAtLine(doc, p.Line, ""); f != "" {
				p.Field = f
			}
		}
		out = append(out, p)
	}
	return out
}

// fieldAtLine finds the path of the key or item that starts at line.
func fieldAtLine(n *yaml.Node, line int, path string) string {
	if n == nil {
		return ""
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			p := k.Value
			if path != "" {
				p = path + "." + k.Value
			}
			if k.Line == line {
				return p
			}
			if f := fieldAtLine(val, line, p); f != "" {
				return f
			}
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			p := fmt.Sprintf("%s[%d]", path, i)
			if c.Line == line && c.Kind == yaml.ScalarNode {
				return p
			}
			if f := fieldAtLine(c, line, p); f != "" {
				return f
			}
		}
	}
	return ""
}

// UnmarshalYAML reads a Go duration string ("40m", "1h30m").
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: want a duration such as 40m or 1h30m", n.Line)
	}
	v, err := time.ParseDuration(strings.TrimPrefix(n.Value, "T+"))
	if err != nil {
		return fmt.Errorf("line %d: %q is not a duration (want e.g. 40m or 1h30m)", n.Line, n.Value)
	}
	*d = Duration(v)
	return nil
}

// MarshalYAML writes the duration back as a string.
func (d Duration) MarshalYAML() (any, error) { return time.Duration(d).String(), nil }

// defaults fills the optional fields.
func (sc *Scenario) defaults() {
	for i := range sc.Sources {
		s := &sc.Sources[i]
		if s.Accounts == 0 {
			s.Accounts = 20
		}
		if s.Weight == 0 {
			s.Weight = 1
		}
	}
	o := &sc.Outbreak
	for i := range o.Seeds {
		if o.Seeds[i].Weight == 0 {
			o.Seeds[i].Weight = 1
		}
	}
	for i := range sc.Injects {
		if sc.Injects[i].Weight == 0 {
			sc.Injects[i].Weight = 1
		}
	}
	if o.MaxPosts == 0 {
		o.MaxPosts = 400
	}
	if o.Branching.Delay == 0 {
		o.Branching.Delay = Duration(10 * time.Minute)
	}
	if o.Branching.Length == 0 {
		o.Branching.Length = Duration(time.Hour)
	}
	if len(o.Sources) == 0 {
		for _, s := range sc.Sources {
			if !s.Official {
				o.Sources = append(o.Sources, s.Name)
			}
		}
	}
	if len(sc.Background.Sources) == 0 {
		for _, s := range sc.Sources {
			sc.Background.Sources = append(sc.Background.Sources, s.Name)
		}
	}
}
