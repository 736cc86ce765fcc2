package match

// Defaults for [Config].
const (
	DefaultSuggestThreshold = 0.5
	DefaultAlertThreshold   = 0.8
	DefaultCandidates       = 20
	// DefaultEmbeddingWeight and DefaultEmbeddingCenter fuse the cosine
	// similarity of embeddings into the re-ranker's log-odds as
	// weight·(cosine − center). Hand values, not fitted: no embeddings
	// endpoint was at hand to fit them on CheckThat! (measure with
	// `factdesk eval match --embeddings-url`).
	DefaultEmbeddingWeight = 4
	DefaultEmbeddingCenter = 0.5
)

// Config tunes matching. The zero value takes the defaults.
type Config struct {
	// SuggestThreshold is the calibrated score from which a match is shown
	// on a post or story as a suggestion.
	SuggestThreshold float64
	// AlertThreshold is the calibrated score from which a match to a false
	// or misleading claim raises a "known false claim is spreading" alert.
	AlertThreshold float64
	// Candidates is how many claims lexical retrieval hands to re-ranking.
	Candidates int
	// Embedder, when set, adds semantic matching: the post and the
	// candidates are embedded (claims' vectors are kept) and their cosine
	// similarity is fused into the score. Nil keeps matching lexical.
	Embedder Embedder
	// EmbeddingWeight and EmbeddingCenter shape the fusion (see
	// DefaultEmbeddingWeight).
	EmbeddingWeight, EmbeddingCenter float64
}

func (c Config) withDefaults() Config {
	if c.SuggestThreshold <= 0 {
		c.SuggestThreshold = DefaultSuggestThreshold
	}
	if c.AlertThreshold <= 0 {
		c.AlertThreshold = DefaultAlertThreshold
	}
	if c.Candidates <= 0 {
		c.Candidates = DefaultCandidates
	}
	if c.EmbeddingWeight <= 0 {
		c.EmbeddingWeight = DefaultEmbeddingWeight
	}
	if c.EmbeddingCenter == 0 {
		c.EmbeddingCenter = DefaultEmbeddingCenter
	}
	return c
}

// BM25 parameters and field weights of the first stage, chosen on the
// CheckThat! 2020 train split.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
	// postingBudget is how many postings retrieval reads at most; when a
	// long post of common words on a large library reaches it, the
	// poolSize best claims so far get the unread words' scores from their
	// own word lists (below it, retrieval is exact). 4,000 and 150 give the
	// CheckThat! figures of exact retrieval; on 200,000 claims (TestLatency200k)
	// retrieval takes 0.40 ms on average against 0.59 ms at 10,000.
	postingBudget = 4_000
	poolSize      = 150
	// queryTFBoost adds this much weight per repetition of a word in the post.
	queryTFBoost = 0
)

// fieldWeight weighs each field's BM25 score in the retrieval score.
var fieldWeight = [nFields]float64{fText: 1, fTitle: 0.6, fSummary: 0.3, fExact: 0.5}
