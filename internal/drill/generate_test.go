package drill

import (
	"reflect"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/story"
)

func mustLoad(t testing.TB, name string) *Scenario {
	t.Helper()
	sc, err := Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func TestGenerateIsDeterministic(t *testing.T) {
	sc := mustLoad(t, "builtin:vi-basic")
	a, b := Generate(sc, 7), Generate(sc, 7)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave different posts")
	}
	c := Generate(sc, 8)
	if reflect.DeepEqual(a, c) {
		t.Fatal("another seed gave the same posts")
	}
	kinds := map[string]int{}
	variants := map[string]bool{}
	for i, p := range a {
		kinds[p.Kind]++
		if i > 0 && p.At < a[i-1].At {
			t.Fatalf("posts out of time order at %d", i)
		}
		if p.At < 0 || p.At >= sc.Duration.D() {
			t.Fatalf("post %d at %v, outside the drill", i, p.At)
		}
		if p.Kind == KindOutbreak {
			variants[p.Text] = true
			if ClaimOfExternalID(p.ExternalID) != p.Claim {
				t.Fatalf("external id %q does not tell claim %q", p.ExternalID, p.Claim)
			}
		}
	}
	if kinds[KindBackground] < 300 || kinds[KindOutbreak] < 100 || kinds[KindInject] != 1 {
		t.Errorf("posts by kind: %v", kinds)
	}
	if len(variants) < kinds[KindOutbreak]/2 {
		t.Errorf("only %d distinct texts among %d outbreak posts", len(variants), kinds[KindOutbreak])
	}
	t.Logf("seed 7: %v, %d distinct outbreak texts", kinds, len(variants))
}

func TestDropDiacriticsKeepsCase(t *testing.T) {
	if got := dropDiacritics("Đập thủy điện Rào Quán ĐÃ vỡ"); got != "Dap thuy dien Rao Quan DA vo" {
		t.Errorf("got %q", got)
	}
}

// Variants of one seed post land in the same story through the real story
// engine; posts of different seeds do not.
func TestVariantsClusterByRoot(t *testing.T) {
	for _, name := range Builtins() {
		sc := mustLoad(t, name)
		for seed := uint64(1); seed <= 3; seed++ {
			gen := Generate(sc, seed)
			ix, err := story.NewIndex(story.Config{})
			if err != nil {
				t.Fatal(err)
			}
			storiesOf := map[int]map[int64]int{} // cascade -> story -> posts
			for i, g := range gen {
				if g.Kind != KindOutbreak {
					continue
				}
				id, _ := ix.Assign(post.Post{ID: int64(i + 1), Text: g.Text, URL: g.URL, PublishedAt: sc.Start.Add(g.At), FetchedAt: time.Unix(0, 0)})
				if storiesOf[g.Cascade] == nil {
					storiesOf[g.Cascade] = map[int64]int{}
				}
				storiesOf[g.Cascade][id]++
			}
			owner := map[int64]int{}
			for cascade, stories := range storiesOf {
				best, total := int64(0), 0
				for id, n := range stories {
					total += n
					if n > stories[best] {
						best = id
					}
				}
				if frac := float64(stories[best]) / float64(total); frac < 0.95 {
					t.Errorf("%s seed %d: cascade %d spread over %d stories, largest holds %.0f%% of %d posts", name, seed, cascade, len(stories), 100*frac, total)
				}
				if other, ok := owner[best]; ok {
					t.Errorf("%s seed %d: cascades %d and %d share story %d", name, seed, other, cascade, best)
				}
				owner[best] = cascade
			}
		}
	}
}
