package match

// Scores are the CheckThat! 2020 task 2 measures of a ranking. They follow
// the task's scorer (trectools with trec_eval conventions): AP@k sums the
// precision at each relevant claim within the top k and divides by the
// number of relevant claims of the query (not by min(k, relevant)); P@k
// divides the relevant claims in the top k by k; queries the qrels name
// but the run lacks score 0. MRR is the mean reciprocal rank of the first
// relevant claim within the whole returned list; Recall@5 the share of a
// query's relevant claims in its top 5.
type Scores struct {
	Queries int     `json:"queries"`
	MAP1    float64 `json:"map@1"`
	MAP3    float64 `json:"map@3"`
	MAP5    float64 `json:"map@5"`
	MRR     float64 `json:"mrr"`
	P1      float64 `json:"p@1"`
	Recall5 float64 `json:"recall@5"`
}

// Evaluate scores a run (claim ids per query id, best first) against qrels.
// Queries without relevant claims are skipped, as trec_eval does.
func Evaluate(run map[string][]string, qrels Qrels) Scores {
	var s Scores
	for qid, rel := range qrels {
		if len(rel) == 0 {
			continue
		}
		s.Queries++
		ranked := run[qid]
		s.MAP1 += apAt(ranked, rel, 1)
		s.MAP3 += apAt(ranked, rel, 3)
		s.MAP5 += apAt(ranked, rel, 5)
		for i, d := range ranked {
			if rel[d] {
				s.MRR += 1 / float64(i+1)
				break
			}
		}
		if len(ranked) > 0 && rel[ranked[0]] {
			s.P1++
		}
		found := 0
		for i := 0; i < len(ranked) && i < 5; i++ {
			if rel[ranked[i]] {
				found++
			}
		}
		s.Recall5 += float64(found) / float64(len(rel))
	}
	if s.Queries > 0 {
		n := float64(s.Queries)
		s.MAP1, s.MAP3, s.MAP5, s.MRR, s.P1, s.Recall5 = s.MAP1/n, s.MAP3/n, s.MAP5/n, s.MRR/n, s.P1/n, s.Recall5/n
	}
	return s
}

// apAt is the average precision of the top k, divided by the number of
// relevant claims.
func apAt(ranked []string, rel map[string]bool, k int) float64 {
	hits, sum := 0, 0.0
	for i := 0; i < len(ranked) && i < k; i++ {
		if rel[ranked[i]] {
			hits++
			sum += float64(hits) / float64(i+1)
		}
	}
	return sum / float64(len(rel))
}
