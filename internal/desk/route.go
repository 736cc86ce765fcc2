package desk

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/text"
)

// levelWords are the administrative words a unit's name may start with;
// posts often name the place without them ("Hải Châu" for "Quận Hải
// Châu"), so the rest of the name is a place name too. Folded.
var levelWords = []string{
	"thanh pho", "tinh", "quan", "huyen", "thi xa", "thi tran", "phuong", "xa",
	"city of", "province of", "province", "district", "city", "commune", "ward", "town",
}

// Router finds the unit a case belongs to from the place names its posts
// mention. Build one per unit tree with NewRouter.
type Router struct {
	units   map[int64]auth.Unit
	depth   map[int64]int
	byFirst map[string][]placeName // first folded token -> names starting with it
}

type placeName struct {
	tokens []string
	unitID int64
	label  string // as written in the unit's name or alias
}

// NewRouter indexes the names and aliases of units. Matching is on whole
// folded syllables, so "Hai Chau", "hải châu" and "HẢI CHÂU" all name the
// same place and "Hải Châu" does not match inside a longer word.
func NewRouter(units []auth.Unit) *Router {
	r := &Router{units: map[int64]auth.Unit{}, depth: map[int64]int{}, byFirst: map[string][]placeName{}}
	parents := map[int64]int64{}
	for _, u := range units {
		r.units[u.ID] = u
		parents[u.ID] = u.ParentID
	}
	for _, u := range units {
		d, seen := 0, map[int64]bool{}
		for id := u.ParentID; id != 0 && !seen[id]; id = parents[id] {
			seen[id] = true
			d++
		}
		r.depth[u.ID] = d
		names := append([]string{u.Name}, u.Aliases...)
		for _, n := range names {
			for _, toks := range nameForms(n) {
				label := n
				if f := strings.Fields(n); len(toks) < len(f) {
					label = strings.Join(f[len(f)-len(toks):], " ") // the name without its level word
				}
				r.byFirst[toks[0]] = append(r.byFirst[toks[0]], placeName{tokens: toks, unitID: u.ID, label: label})
			}
		}
	}
	for k := range r.byFirst { // longest names first
		slices.SortStableFunc(r.byFirst[k], func(a, b placeName) int { return len(b.tokens) - len(a.tokens) })
	}
	return r
}

// nameForms is a name's folded tokens, and the same without a leading
// administrative word when at least two syllables remain.
func nameForms(name string) [][]string {
	toks := foldedTokens(name)
	if len(toks) == 0 {
		return nil
	}
	out := [][]string{toks}
	joined := strings.Join(toks, " ")
	for _, w := range levelWords {
		if rest, ok := strings.CutPrefix(joined, w+" "); ok {
			if rt := strings.Fields(rest); len(rt) >= 2 {
				out = append(out, rt)
			}
			break
		}
	}
	return out
}

func foldedTokens(s string) []string {
	toks := text.Tokens(s)
	for i, t := range toks {
		toks[i] = text.Fold(t)
	}
	return toks
}

// Route is where a case goes and why.
type Route struct {
	UnitID       int64
	Reason       string
	PlaceMatched bool
}

// MinShare is the share of the posts naming a place that must name a unit
// (or a unit below it) for the case to go there: one stray hashtag among
// sixty posts does not send a province-wide rumour to a commune.
const MinShare = 0.2

// Route picks the unit for a case from the texts of its posts: the most
// specific unit (deepest in the tree) that at least MinShare of the posts
// naming a place name (itself or a place below it); among equally specific
// ones the most named; a tie goes to the units' nearest common parent.
// With no place named, it is the unit owning the posts' sources (the most
// frequent), else fallback.
func (r *Router) Route(texts []string, sourceUnits []int64, fallback int64) Route {
	support := map[int64]int{} // posts naming the unit or a unit below it
	direct := map[int64]int{}  // posts naming the unit itself
	labels := map[int64]string{}
	placed := 0
	for _, s := range texts {
		named := r.mentions(s, labels)
		if len(named) == 0 {
			continue
		}
		placed++
		seen := map[int64]bool{}
		for id := range named {
			direct[id]++
			for a := id; a != 0 && !seen[a]; a = r.units[a].ParentID {
				seen[a] = true
				support[a]++
			}
		}
	}
	if placed > 0 {
		need := max(1, int(math.Ceil(MinShare*float64(placed))))
		qualified := map[int64]int{}
		for id, n := range support {
			if n >= need && direct[id] > 0 {
				qualified[id] = n
			}
		}
		best := r.mostSpecific(qualified)
		if len(best) == 1 {
			u := r.units[best[0]]
			return Route{UnitID: u.ID, PlaceMatched: true,
				Reason: fmt.Sprintf("%s is named in %d of %d posts that name a place; routed to %s", labels[u.ID], support[u.ID], placed, u.Name)}
		}
		if len(best) > 1 {
			var names []string
			for _, id := range best {
				names = append(names, labels[id])
			}
			if anc := r.commonAncestor(best); anc != 0 {
				return Route{UnitID: anc, PlaceMatched: true,
					Reason: fmt.Sprintf("the posts name %s as often; routed to %s, above them", strings.Join(names, " and "), r.units[anc].Name)}
			}
		}
	}
	src := map[int64]int{}
	for _, id := range sourceUnits {
		if _, ok := r.units[id]; ok {
			src[id]++
		}
	}
	if len(src) > 0 {
		var best int64
		for id, n := range src {
			if best == 0 || n > src[best] || (n == src[best] && id < best) {
				best = id
			}
		}
		return Route{UnitID: best, Reason: fmt.Sprintf("no place named; %s owns the posts' source", r.units[best].Name)}
	}
	if u, ok := r.units[fallback]; ok {
		return Route{UnitID: fallback, Reason: fmt.Sprintf("no place named and no source unit; kept in %s", u.Name)}
	}
	return Route{Reason: "no place named and no unit to route to"}
}

// mentions returns the units a text names, noting how each was written.
func (r *Router) mentions(s string, labels map[int64]string) map[int64]bool {
	out := map[int64]bool{}
	toks := foldedTokens(s)
	for i := 0; i < len(toks); i++ {
		for _, pn := range r.byFirst[toks[i]] {
			if i+len(pn.tokens) <= len(toks) && slices.Equal(toks[i:i+len(pn.tokens)], pn.tokens) {
				out[pn.unitID] = true
				if labels[pn.unitID] == "" {
					labels[pn.unitID] = pn.label
				}
				i += len(pn.tokens) - 1
				break
			}
		}
	}
	return out
}

// mostSpecific returns the deepest matched units with the most mentions,
// in id order.
func (r *Router) mostSpecific(counts map[int64]int) []int64 {
	maxDepth := -1
	for id := range counts {
		maxDepth = max(maxDepth, r.depth[id])
	}
	top := 0
	for id, n := range counts {
		if r.depth[id] == maxDepth {
			top = max(top, n)
		}
	}
	var out []int64
	for id, n := range counts {
		if r.depth[id] == maxDepth && n == top {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// commonAncestor is the deepest unit above or equal to all of ids, or 0.
func (r *Router) commonAncestor(ids []int64) int64 {
	chain := func(id int64) []int64 {
		var out []int64
		seen := map[int64]bool{}
		for ; id != 0 && !seen[id]; id = r.units[id].ParentID {
			seen[id] = true
			out = append(out, id)
		}
		return out
	}
	common := chain(ids[0])
	for _, id := range ids[1:] {
		c := chain(id)
		common = slices.DeleteFunc(common, func(x int64) bool { return !slices.Contains(c, x) })
	}
	if len(common) == 0 {
		return 0
	}
	return common[0]
}

// plural writes n with its noun, e.g. "1 mention", "3 mentions".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
