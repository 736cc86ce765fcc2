package match

import "math"

// weights is the logistic re-ranker: score = sigmoid(weights · x). Fitted
// on the CheckThat! 2020 English train split (800 posts, the best 40
// candidates of each) by TestFitWeights, in three steps: a listwise fit
// (softmax cross-entropy of the relevant claim among a post's candidates,
// Adam, 1500 steps from zero), coordinate ascent on MAP@5, then a Platt
// scaling (p = sigmoid(a·z + b), a = 0.669, b folded into the bias) so the
// score is a probability. The corpus has no appearance URLs, diacritics or
// claim dates, so xURL (3), xExact (0.5) and xRecent (0.3) keep hand
// values (handWeights), scaled by a like the rest. Refit with
// FACTDESK_FIT=1 FACTDESK_DATASETS=/work/shared/datasets go test ./internal/claim/match -run TestFitWeights -v
// (train MAP@5 0.875, dev 0.818 at this fit).
var weights = [nFeatures]float64{
	xBias: -9.574, xRel: 2.964, xNorm: 3.948, xCovText: 0.956, xCovTitle: 0.388, xCovPost: 5.318,
	xBigram: -3.777, xNumShared: -2.050, xNumMissing: -0.867, xEntity: 0.071, xFirst: 0.505,
	xURL: 2.008, xQuote: 1.797, xExact: 0.335, xRecent: 0.201, xYear: 0.218, xMonth: -0.041, xRank: 0.603,
	xNormTitle: 1.975, xBiPost: 3.612, xRare: 3.487, xEntPost: 0.049, xTopCov: 0.225, xTopBi: 0.187, xCovGap: -0.325,
}

// logit is the re-ranker's log-odds that the pair is a match.
func logit(w *[nFeatures]float64, x *[nFeatures]float64) float64 {
	var z float64
	for i := range x {
		z += w[i] * x[i]
	}
	return z
}

// sigmoid turns log-odds into the calibrated probability.
func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// support scales a score by how much of the claim the post actually
// carries: the re-ranker's features are mostly relative (to the best
// candidate, to the post's own words), so a short post sharing one rare
// word with the top candidate of a small library could otherwise score
// near 1. A post must carry at least a quarter of the claim's weighted
// words (of its text or its review's title) to score at all, and half to
// score in full; a known appearance URL or a quoted phrase of the claim is
// support enough. Ranking is unchanged: the factor only says whether the
// best candidates are matches at all.
//
// In a post written with its diacritics (accented words >= 3), words that
// match only once folded are a different word as often as not ("trời",
// sky, and "trôi", to drift, both fold to "troi"), so fewer than 60% of its
// accented words matching with their accents scales the score down too.
func support(x *[nFeatures]float64, accented int) float64 {
	if x[xURL] == 1 || x[xQuote] == 1 {
		return 1
	}
	e := max(x[xCovText], x[xCovTitle])
	f := clamp01((e - 0.25) / 0.25)
	if accented >= 3 {
		f *= clamp01((x[xExact] - 0.3) / 0.3)
	}
	return f
}

func clamp01(v float64) float64 { return math.Min(1, math.Max(0, v)) }
