package drill

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/text"
)

// validator checks a decoded scenario and names the line of each problem
// from the YAML tree.
type validator struct {
	doc      *yaml.Node
	problems []Problem
	units    map[string]bool // unit names
	places   map[string]bool // folded unit names and aliases
	sources  map[string]bool
	claims   map[string]bool
}

func (v *validator) fail(path, format string, args ...any) {
	v.problems = append(v.problems, Problem{Line: lineOf(v.doc, path), Field: path, Msg: fmt.Sprintf(format, args...)})
}

// lineOf returns the line of the value at path ("a.b[2].c"), or of the
// deepest part of it that exists.
func lineOf(n *yaml.Node, path string) int {
	line := n.Line
	for _, part := range strings.Split(path, ".") {
		name, idx := part, -1
		if i := strings.IndexByte(part, '['); i >= 0 {
			name = part[:i]
			idx, _ = strconv.Atoi(strings.TrimSuffix(part[i+1:], "]"))
		}
		next := mapValue(n, name)
		if next == nil {
			return line
		}
		n, line = next, next.Line
		if idx >= 0 {
			if n.Kind != yaml.SequenceNode || idx >= len(n.Content) {
				return line
			}
			n, line = n.Content[idx], n.Content[idx].Line
		}
	}
	return line
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func (v *validator) scenario(sc *Scenario) {
	if strings.TrimSpace(sc.Name) == "" {
		v.fail("name", "required")
	}
	if sc.Lang != "vi" && sc.Lang != "en" {
		v.fail("lang", "want vi or en, got %q", sc.Lang)
	}
	if sc.Start.IsZero() {
		v.fail("start", "required: the scenario time at T+0, e.g. 2026-06-01T07:00:00+07:00")
	}
	if d := sc.Duration.D(); d <= 0 || d > 48*time.Hour {
		v.fail("duration", "want between 1m and 48h, got %v", d)
	}
	v.unitTree(sc.Units)
	v.team(sc.Team)
	v.sourceList(sc.Sources)
	v.background(&sc.Background)
	v.claimList(sc.Claims)
	v.outbreak(sc)
	v.injects(sc)
	v.expected(sc.Expected)
}

func (v *validator) unitTree(units []UnitSpec) {
	v.units, v.places = map[string]bool{}, map[string]bool{}
	if len(units) == 0 {
		v.fail("units", "at least one unit is required")
	}
	var walk func(list []UnitSpec, path string)
	walk = func(list []UnitSpec, path string) {
		for i, u := range list {
			p := fmt.Sprintf("%s[%d]", path, i)
			if strings.TrimSpace(u.Name) == "" {
				v.fail(p+".name", "required")
			} else if v.units[u.Name] {
				v.fail(p+".name", "unit %q is named twice", u.Name)
			}
			v.units[u.Name] = true
			v.places[text.Fold(u.Name)] = true
			for _, a := range u.Aliases {
				v.places[text.Fold(a)] = true
			}
			walk(u.Children, p+".children")
		}
	}
	walk(units, "units")
}

func (v *validator) team(team []Member) {
	if len(team) == 0 {
		v.fail("team", "at least one member is required")
	}
	seen := map[string]bool{}
	for i, m := range team {
		p := fmt.Sprintf("team[%d]", i)
		if err := auth.ValidateEmail(m.Email); err != nil {
			v.fail(p+".email", "%v", err)
		} else if seen[auth.NormalizeEmail(m.Email)] {
			v.fail(p+".email", "%s is in the team twice", m.Email)
		}
		seen[auth.NormalizeEmail(m.Email)] = true
		if strings.TrimSpace(m.Name) == "" {
			v.fail(p+".name", "required")
		}
		if _, err := auth.ParseRole(m.Role); err != nil {
			v.fail(p+".role", "%v", err)
		}
		if !v.units[m.Unit] {
			v.fail(p+".unit", "no unit is named %q", m.Unit)
		}
	}
}

func (v *validator) sourceList(sources []SourceSpec) {
	v.sources = map[string]bool{}
	if len(sources) == 0 {
		v.fail("sources", "at least one source is required")
	}
	for i, s := range sources {
		p := fmt.Sprintf("sources[%d]", i)
		switch {
		case strings.TrimSpace(s.Name) == "":
			v.fail(p+".name", "required")
		case v.sources[s.Name]:
			v.fail(p+".name", "source %q is named twice", s.Name)
		}
		v.sources[s.Name] = true
		if strings.TrimSpace(s.Platform) == "" {
			v.fail(p+".platform", "required (e.g. facebook, zalo, news)")
		}
		if s.Accounts < 0 || s.Weight < 0 {
			v.fail(p, "accounts and weight must not be negative")
		}
	}
}

func (v *validator) sourceRefs(path string, names []string) {
	for i, n := range names {
		if !v.sources[n] {
			v.fail(fmt.Sprintf("%s[%d]", path, i), "no source is named %q", n)
		}
	}
}

func (v *validator) background(b *Background) {
	if b.Rate < 0 || b.Rate > 5000 {
		v.fail("background.rate", "want posts per hour between 0 and 5000, got %v", b.Rate)
	}
	if b.Rate > 0 && len(b.Topics) == 0 {
		v.fail("background.topics", "at least one topic is required when rate > 0")
	}
	for i, t := range b.Topics {
		if len(t.Templates) == 0 {
			v.fail(fmt.Sprintf("background.topics[%d].templates", i), "at least one template is required")
		}
	}
	v.sourceRefs("background.sources", b.Sources)
}

func (v *validator) claimList(claims []ClaimSpec) {
	v.claims = map[string]bool{}
	if len(claims) == 0 {
		v.fail("claims", "at least one claim is required")
	}
	for i, c := range claims {
		p := fmt.Sprintf("claims[%d]", i)
		switch {
		case strings.TrimSpace(c.ID) == "":
			v.fail(p+".id", "required")
		case v.claims[c.ID]:
			v.fail(p+".id", "claim %q is declared twice", c.ID)
		}
		v.claims[c.ID] = true
		if strings.TrimSpace(c.Text) == "" {
			v.fail(p+".text", "required")
		}
		if _, err := claim.ParseVerdict(c.Verdict); err != nil {
			v.fail(p+".verdict", "%v", err)
		}
		if len(c.Evidence) == 0 {
			v.fail(p+".evidence", "at least one piece of evidence that settles the claim is required")
		}
	}
}

func (v *validator) place(path, place string) {
	if place != "" && !v.places[text.Fold(place)] {
		v.fail(path, "%q is not the name or alias of a unit, so the desk could not route it", place)
	}
}

func (v *validator) outbreak(sc *Scenario) {
	o := &sc.Outbreak
	if s := o.Start.D(); s < 0 || s >= sc.Duration.D() {
		v.fail("outbreak.start", "want an offset within the duration (%v), got %v", sc.Duration.D(), s)
	}
	if len(o.Seeds) == 0 {
		v.fail("outbreak.seeds", "at least one seed post is required")
	}
	for i, s := range o.Seeds {
		v.seed(fmt.Sprintf("outbreak.seeds[%d]", i), s.Claim, s.Text, s.Source, s.Place)
		if s.Weight < 0 || s.Burst < 0 || s.Burst > 1000 {
			v.fail(fmt.Sprintf("outbreak.seeds[%d]", i), "weight must not be negative and burst must be between 0 and 1000")
		}
	}
	b := o.Branching
	if b.Ratio < 0 || b.Ratio >= 1 {
		v.fail("outbreak.branching.ratio", "want a mean number of copies per post in [0, 1) so the cascade ends, got %v", b.Ratio)
	}
	if b.Delay < 0 || b.Length < 0 || b.Immigrants < 0 {
		v.fail("outbreak.branching", "delay, length and immigrants must not be negative")
	}
	if o.MutationRate < 0 || o.MutationRate > 1 {
		v.fail("outbreak.mutation_rate", "want a probability in [0, 1], got %v", o.MutationRate)
	}
	if o.MaxPosts < 0 || o.MaxPosts > 100_000 {
		v.fail("outbreak.max_posts", "want between 0 (the default, 400) and 100000, got %d", o.MaxPosts)
	}
	if b.Immigrants > 10_000 {
		v.fail("outbreak.branching.immigrants", "want at most 10000 fresh cascades per hour, got %v", b.Immigrants)
	}
	v.sourceRefs("outbreak.sources", o.Sources)
	for i, p := range o.Places {
		v.place(fmt.Sprintf("outbreak.places[%d]", i), p)
	}
	for i, grp := range o.Synonyms {
		if len(grp) < 2 || slices.ContainsFunc(grp[1:], func(w string) bool { return w == grp[0] }) {
			v.fail(fmt.Sprintf("outbreak.synonyms[%d]", i), "a synonym group needs at least two different words")
		}
	}
	for i, f := range o.Frames {
		if !strings.Contains(f, "{text}") {
			v.fail(fmt.Sprintf("outbreak.frames[%d]", i), "a frame must contain {text}")
		}
	}
}

func (v *validator) seed(path, claimID, body, source, place string) {
	if !v.claims[claimID] {
		v.fail(path+".claim", "no claim has the id %q", claimID)
	}
	if strings.TrimSpace(body) == "" {
		v.fail(path+".text", "required")
	}
	if source != "" && !v.sources[source] {
		v.fail(path+".source", "no source is named %q", source)
	}
	v.place(path+".place", place)
}

func (v *validator) injects(sc *Scenario) {
	for i, in := range sc.Injects {
		p := fmt.Sprintf("injects[%d]", i)
		if a := in.At.D(); a < 0 || a >= sc.Duration.D() {
			v.fail(p+".at", "want an offset within the duration (%v), got %v", sc.Duration.D(), a)
		}
		switch in.Kind {
		case "post":
			if strings.TrimSpace(in.Text) == "" {
				v.fail(p+".text", "required")
			}
			if in.Claim != "" && !v.claims[in.Claim] {
				v.fail(p+".claim", "no claim has the id %q", in.Claim)
			}
			if in.Source != "" && !v.sources[in.Source] {
				v.fail(p+".source", "no source is named %q", in.Source)
			}
			v.place(p+".place", in.Place)
		case "variant":
			v.seed(p, in.Claim, in.Text, in.Source, in.Place)
		default:
			v.fail(p+".kind", "want post (a single post, e.g. an official statement) or variant (a new cascade), got %q", in.Kind)
		}
	}
}

func (v *validator) expected(exp []Expectation) {
	if len(exp) == 0 {
		v.fail("expected", "at least one expected response is required")
	}
	for i, e := range exp {
		p := fmt.Sprintf("expected[%d]", i)
		if !v.claims[e.Claim] {
			v.fail(p+".claim", "no claim has the id %q", e.Claim)
		}
		if _, err := claim.ParseVerdict(e.Verdict); err != nil {
			v.fail(p+".verdict", "%v", err)
		}
		if !v.units[e.Unit] {
			v.fail(p+".unit", "no unit is named %q", e.Unit)
		}
		t := e.Targets
		if t.Alert < 0 || t.Case < 0 || t.Verdict < 0 || t.Publication < 0 {
			v.fail(p+".targets", "target times must not be negative")
		}
	}
}
