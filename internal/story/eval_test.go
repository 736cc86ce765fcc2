package story

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/importer"
	"github.com/factdesk/factdesk/internal/intake"
	"github.com/factdesk/factdesk/internal/post"
)

var update = flag.Bool("update", false, "rewrite testdata/stories.jsonl from testdata/originals.txt")

const fixture = "testdata/stories.jsonl"

// TestGenerateFixture writes the labelled fixture: the originals of
// testdata/originals.txt and up to eight light-edit variants of each.
func TestGenerateFixture(t *testing.T) {
	if !*update {
		t.Skip("run with -update to regenerate " + fixture)
	}
	b, err := os.ReadFile("testdata/originals.txt")
	if err != nil {
		t.Fatal(err)
	}
	var originals, langs []string
	for _, line := range strings.Split(string(b), "\n") {
		if lang, txt, ok := strings.Cut(line, "\t"); ok && !strings.HasPrefix(line, "#") {
			originals, langs = append(originals, txt), append(langs, lang)
		}
	}
	g := newVariantGen(2026, originals)
	var out bytes.Buffer
	at := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	for i, p := range g.corpus(originals, "", 8) {
		n, _ := strconv.Atoi(p.Label)
		rec := map[string]any{"id": fmt.Sprintf("f%03d", i+1), "text": p.Text, "published_at": at.Add(time.Duration(i) * time.Minute).Format(time.RFC3339),
			"story": fmt.Sprintf("%s%02d", langs[n], n+1)}
		line, _ := json.Marshal(rec)
		out.Write(append(line, '\n'))
	}
	if err := os.WriteFile(fixture, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// readLabelled reads a JSONL file of labelled posts as `factdesk eval
// stories` does: normalised as intake would, numbered from 1 in file order.
func readLabelled(t testing.TB, name string) ([]post.Post, []string) {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var posts []post.Post
	var labels []string
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	err = importer.Read(f, importer.Options{Format: "jsonl"}, func(r importer.Record) error {
		if r.Err == nil {
			r.Err = intake.Normalize(&r.Post, now)
		}
		if r.Err != nil {
			return fmt.Errorf("line %d: %w", r.Line, r.Err)
		}
		r.Post.ID = int64(len(posts) + 1)
		posts, labels = append(posts, r.Post), append(labels, r.Label)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return posts, labels
}

func TestFixtureScores(t *testing.T) {
	posts, labels := readLabelled(t, fixture)
	ids, err := Cluster(posts, Config{})
	if err != nil {
		t.Fatal(err)
	}
	sc := ScorePairs(ids, labels)
	t.Logf("fixture: %d posts, %d labels, %d stories: precision %.4f recall %.4f F1 %.4f",
		sc.Posts, sc.Labels, sc.Stories, sc.Precision, sc.Recall, sc.F1)
	if sc.Posts < 200 || sc.Precision < 0.95 || sc.Recall < 0.95 {
		t.Fatalf("fixture scores below 0.95: %+v", sc)
	}
}

// scoreLabelled clusters generated posts and scores them.
func scoreLabelled(t *testing.T, ps []labelled) PairScores {
	t.Helper()
	posts := make([]post.Post, len(ps))
	labels := make([]string, len(ps))
	for i, p := range ps {
		posts[i] = post.Post{ID: int64(i + 1), Text: p.Text}
		labels[i] = p.Label
	}
	ids, err := Cluster(posts, Config{})
	if err != nil {
		t.Fatal(err)
	}
	return ScorePairs(ids, labels)
}

// TestRealPostVariants measures pair precision and recall on real posts
// with light edits: Vietnamese paragraphs and titles of VFND articles and
// Facebook posts, and English tweets of CheckThat! 2020, each with 0 to 5
// variants. Originals that are near-duplicates of an earlier one in the
// source data (exact Jaccard of folded word pairs 0.5 or more) are dropped.
func TestRealPostVariants(t *testing.T) {
	dir := datasetsDir(t)
	tweets, _ := checkThatTweets(t, dir)
	sets := []struct {
		name      string
		originals []string
	}{
		{"vi (VFND)", distinct(vfndTexts(t, dir), 0.5)},
		{"en (CheckThat tweets)", distinct(tweets, 0.5)},
	}
	for _, seed := range []uint64{1, 2, 3} {
		for _, s := range sets {
			g := newVariantGen(seed, s.originals)
			sc := scoreLabelled(t, g.corpus(s.originals, "", 5))
			t.Logf("%s seed %d: %d originals, %d posts, %d stories: precision %.4f recall %.4f F1 %.4f",
				s.name, seed, len(s.originals), sc.Posts, sc.Stories, sc.Precision, sc.Recall, sc.F1)
			if sc.Precision < 0.95 || sc.Recall < 0.95 {
				t.Errorf("%s: scores below 0.95: %+v", s.name, sc)
			}
		}
	}
}

// TestCheckThatClaimGroups reports how the clusterer does on tweets that
// spread the same fact-checked claim in their own words. Those are
// paraphrases, not near-duplicates, so low recall is expected: it is
// measured, not asserted.
func TestCheckThatClaimGroups(t *testing.T) {
	tweets, claims := checkThatTweets(t, datasetsDir(t))
	ps := make([]labelled, len(tweets))
	for i := range tweets {
		ps[i] = labelled{tweets[i], claims[i]}
	}
	sc := scoreLabelled(t, ps)
	t.Logf("CheckThat same-claim groups: %d tweets, %d claims, %d true pairs, %d stories: precision %.4f recall %.4f F1 %.4f",
		sc.Posts, sc.Labels, sc.TruePairs, sc.Stories, sc.Precision, sc.Recall, sc.F1)
}
