package story

import "github.com/factdesk/factdesk/internal/post"

// PairScores compare a clustering with gold labels pair by pair: a pair of
// posts is predicted when both are in one story, and true when both carry
// one label.
type PairScores struct {
	Posts          int     `json:"posts"`   // posts scored (those with a label)
	Stories        int     `json:"stories"` // distinct stories among them
	Labels         int     `json:"labels"`  // distinct labels among them
	PredictedPairs int64   `json:"predicted_pairs"`
	TruePairs      int64   `json:"true_pairs"`
	CorrectPairs   int64   `json:"correct_pairs"` // predicted and true
	Precision      float64 `json:"precision"`     // correct / predicted (1 when none is predicted)
	Recall         float64 `json:"recall"`        // correct / true (1 when none is true)
	F1             float64 `json:"f1"`
}

// ScorePairs scores predicted story ids against labels, post by post
// (stories[i] and labels[i] belong to post i). Posts with an empty label are
// left out. It runs in linear time from the contingency counts, without
// enumerating pairs.
func ScorePairs(stories []int64, labels []string) PairScores {
	type cell struct {
		story int64
		label string
	}
	perStory := map[int64]int64{}
	perLabel := map[string]int64{}
	perCell := map[cell]int64{}
	var sc PairScores
	for i, l := range labels {
		if l == "" {
			continue
		}
		sc.Posts++
		perStory[stories[i]]++
		perLabel[l]++
		perCell[cell{stories[i], l}]++
	}
	pairs := func(n int64) int64 { return n * (n - 1) / 2 }
	for _, n := range perStory {
		sc.PredictedPairs += pairs(n)
	}
	for _, n := range perLabel {
		sc.TruePairs += pairs(n)
	}
	for _, n := range perCell {
		sc.CorrectPairs += pairs(n)
	}
	sc.Stories, sc.Labels = len(perStory), len(perLabel)
	sc.Precision, sc.Recall = 1, 1
	if sc.PredictedPairs > 0 {
		sc.Precision = float64(sc.CorrectPairs) / float64(sc.PredictedPairs)
	}
	if sc.TruePairs > 0 {
		sc.Recall = float64(sc.CorrectPairs) / float64(sc.TruePairs)
	}
	if sc.Precision+sc.Recall > 0 {
		sc.F1 = 2 * sc.Precision * sc.Recall / (sc.Precision + sc.Recall)
	}
	return sc
}

// Cluster places posts into stories in order, in a fresh index with cfg, as
// the pipeline's stage would, and returns each post's story id. Posts need
// ids (a story's id is its first post's id).
func Cluster(posts []post.Post, cfg Config) ([]int64, error) {
	ix, err := NewIndex(cfg)
	if err != nil {
		return nil, err
	}
	fps := make([]Fingerprint, len(posts))
	parallel(len(posts), func(i int) { fps[i] = FingerprintOf(&posts[i]) })
	ids := make([]int64, len(posts))
	for i := range posts {
		ids[i] = ix.Place(posts[i].ID, &fps[i]).StoryID
	}
	return ids, nil
}
