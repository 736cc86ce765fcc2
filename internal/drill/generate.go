package drill

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// Post kinds of a generated post.
const (
	KindBackground = "background"
	KindOutbreak   = "outbreak"
	KindInject     = "inject"
)

// GenPost is one generated post, at an offset from the scenario's start.
type GenPost struct {
	At         time.Duration `json:"at"`
	Kind       string        `json:"kind"`
	Claim      string        `json:"claim,omitempty"` // the claim it carries; "" for background and statements
	Source     string        `json:"source"`
	Platform   string        `json:"platform"`
	Handle     string        `json:"handle"`
	ExternalID string        `json:"external_id"`
	URL        string        `json:"url"`
	Text       string        `json:"text"`
	Cascade    int           `json:"cascade,omitempty"` // which seed or variant started it (1-based), 0 for background
}

// ExternalIDPrefix starts the external id of every generated post; the rest
// says what it is ("drill:outbreak:vo-dap:17"), so that scoring can tell
// which claim a stored post carries.
const ExternalIDPrefix = "drill:"

// ClaimOfExternalID returns the claim a generated post carries, from its
// external id, or "".
func ClaimOfExternalID(id string) string {
	parts := strings.Split(id, ":")
	if len(parts) == 4 && parts[0]+":" == ExternalIDPrefix && parts[1] == KindOutbreak {
		return parts[2]
	}
	return ""
}

// Generate returns the scenario's posts in time order. The same scenario
// and seed give the same posts.
func Generate(sc *Scenario, seed uint64) []GenPost {
	g := &generator{sc: sc, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), sources: map[string]SourceSpec{}}
	for _, s := range sc.Sources {
		g.sources[s.Name] = s
	}
	g.background()
	g.outbreak()
	g.injects()
	slices.SortStableFunc(g.out, func(a, b GenPost) int { return cmp.Compare(a.At, b.At) })
	for i := range g.out {
		p := &g.out[i]
		switch p.Kind {
		case KindOutbreak:
			p.ExternalID = fmt.Sprintf("%s%s:%s:%d", ExternalIDPrefix, p.Kind, p.Claim, i+1)
		default:
			p.ExternalID = fmt.Sprintf("%s%s:%d", ExternalIDPrefix, p.Kind, i+1)
		}
		src := g.sources[p.Source]
		domain := src.Domain
		if domain == "" {
			domain = strings.ToLower(src.Platform) + ".example"
		}
		p.URL = fmt.Sprintf("https://%s/%s/posts/%d", domain, p.Handle, i+1)
	}
	return g.out
}

type generator struct {
	sc      *Scenario
	rng     *rand.Rand
	sources map[string]SourceSpec
	out     []GenPost
}

// exp draws an exponential delay with the given mean.
func (g *generator) exp(mean time.Duration) time.Duration {
	return time.Duration(g.rng.ExpFloat64() * float64(mean))
}

// poisson draws a Poisson count with mean lambda (Knuth; lambda is small).
func (g *generator) poisson(lambda float64) int {
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= g.rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// pickSource picks one of names, by source weight.
func (g *generator) pickSource(names []string) SourceSpec {
	total := 0.0
	for _, n := range names {
		total += g.sources[n].Weight
	}
	x := g.rng.Float64() * total
	for _, n := range names {
		x -= g.sources[n].Weight
		if x < 0 {
			return g.sources[n]
		}
	}
	return g.sources[names[len(names)-1]]
}

func (g *generator) handle(s SourceSpec) string {
	if s.Official || s.Accounts <= 1 {
		return slug(s.Name)
	}
	return fmt.Sprintf("%s-%d", slug(s.Platform), 1+g.rng.IntN(s.Accounts))
}

func (g *generator) pick(list []string) string { return list[g.rng.IntN(len(list))] }

// placeNames are the names and aliases of every unit.
func (g *generator) placeNames() []string {
	var out []string
	var walk func([]UnitSpec)
	walk = func(us []UnitSpec) {
		for _, u := range us {
			if len(u.Aliases) > 0 {
				out = append(out, u.Aliases[0])
			} else {
				out = append(out, u.Name)
			}
			walk(u.Children)
		}
	}
	walk(g.sc.Units)
	return out
}

// background is a Poisson stream of posts from the topics' templates.
func (g *generator) background() {
	b := g.sc.Background
	if b.Rate <= 0 || len(b.Topics) == 0 {
		return
	}
	places := g.placeNames()
	mean := time.Duration(float64(time.Hour) / b.Rate)
	for at := g.exp(mean); at < g.sc.Duration.D(); at += g.exp(mean) {
		t := b.Topics[g.rng.IntN(len(b.Topics))]
		body := g.pick(t.Templates)
		body = strings.ReplaceAll(body, "{place}", g.pick(places))
		for name, words := range t.Slots {
			if len(words) > 0 {
				body = strings.ReplaceAll(body, "{"+name+"}", g.pick(words))
			}
		}
		src := g.pickSource(b.Sources)
		g.out = append(g.out, GenPost{At: at, Kind: KindBackground, Source: src.Name, Platform: src.Platform, Handle: g.handle(src), Text: body})
	}
}

// root is a post that starts a cascade: a seed, or a variant inject.
type root struct {
	claim, text, source, place string
	at                         time.Duration
	weight                     float64
	cascade                    int
}

// outbreak runs the branching process: each root posts at its time, fresh
// cascades (immigrants) start from the roots live at the time, and every
// post begets a Poisson(ratio) number of copies after exponential delays.
func (g *generator) outbreak() {
	o := g.sc.Outbreak
	start := o.Start.D()
	var roots []root
	for i, s := range o.Seeds {
		roots = append(roots, root{s.Claim, s.Text, s.Source, s.Place, start + s.At.D(), s.Weight, i + 1})
	}
	for _, in := range g.sc.Injects {
		if in.Kind == "variant" {
			roots = append(roots, root{in.Claim, in.Text, in.Source, in.Place, in.At.D(), in.Weight, len(roots) + 1})
		}
	}
	type node struct {
		at      time.Duration
		text    string
		depth   int // mutations from the root's text
		root    root
		fixedSr string
	}
	var queue []node
	for _, r := range roots {
		queue = append(queue, node{at: r.at, text: r.text, root: r, fixedSr: r.source})
	}
	end := start + o.Branching.Length.D()
	for i, s := range o.Seeds {
		for range s.Burst {
			queue = append(queue, node{at: roots[i].at + time.Duration(g.rng.Int64N(int64(10*time.Minute))), text: roots[i].text, root: roots[i]})
		}
	}
	if o.Branching.Immigrants > 0 {
		mean := time.Duration(float64(time.Hour) / o.Branching.Immigrants)
		for at := start + g.exp(mean); at < end; at += g.exp(mean) {
			if r, ok := g.liveRoot(roots, at); ok {
				queue = append(queue, node{at: at, text: r.text, root: r})
			}
		}
	}
	count := 0
	for len(queue) > 0 && count < o.MaxPosts {
		n := queue[0]
		queue = queue[1:]
		if n.at >= g.sc.Duration.D() {
			continue
		}
		src := g.sources[n.fixedSr]
		if n.fixedSr == "" {
			src = g.pickSource(o.Sources)
		}
		g.out = append(g.out, GenPost{At: n.at, Kind: KindOutbreak, Claim: n.root.claim, Source: src.Name, Platform: src.Platform,
			Handle: g.handle(src), Text: g.dress(n.text, n.root.place), Cascade: n.root.cascade})
		count++
		for range g.poisson(o.Branching.Ratio) {
			child := node{at: n.at + g.exp(o.Branching.Delay.D()), text: n.text, depth: n.depth, root: n.root}
			if g.rng.Float64() < o.MutationRate {
				if child.depth >= maxMutations {
					child.text, child.depth = n.root.text, 0
				}
				child.text, child.depth = g.mutate(child.text), child.depth+1
			}
			queue = append(queue, child)
		}
	}
}

// maxMutations bounds how far a variant drifts from its root's wording.
const maxMutations = 2

// liveRoot picks a root that has started by at, by weight.
func (g *generator) liveRoot(roots []root, at time.Duration) (root, bool) {
	total := 0.0
	for _, r := range roots {
		if r.at <= at {
			total += r.weight
		}
	}
	if total == 0 {
		return root{}, false
	}
	x := g.rng.Float64() * total
	for _, r := range roots {
		if r.at <= at {
			if x -= r.weight; x < 0 {
				return r, true
			}
		}
	}
	return roots[0], true
}

// injects adds the single posts ("an official statement is published").
func (g *generator) injects() {
	for _, in := range g.sc.Injects {
		if in.Kind != "post" {
			continue
		}
		src := g.sources[in.Source]
		if in.Source == "" {
			src = g.pickSource(g.sc.Background.Sources)
		}
		g.out = append(g.out, GenPost{At: in.At.D(), Kind: KindInject, Source: src.Name, Platform: src.Platform, Handle: g.handle(src), Text: in.Text})
	}
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(dropDiacritics(s)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}
