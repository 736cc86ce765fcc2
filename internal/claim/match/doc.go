// Package match matches posts against the library of checked claims.
//
// An [Index] holds every claim in memory; it is built from the store with
// [Load] on start and kept current with [Index.Upsert] and [Index.Remove].
// Matching has two stages:
//
//  1. Lexical retrieval: BM25 (k1 1.2, b 0.75) over four fields scored
//     separately and summed with weights (claim text 1, review title 0.6,
//     summary 0.3, and the diacritic words of all three unfolded, 0.5).
//     Words are folded (case and Vietnamese diacritics, đ→d) so "vac xin"
//     finds "vắc xin", while the unfolded field lets a post written with
//     diacritics rank exact matches first. Stop words are removed per
//     language (text.WordsLang); English plurals are stripped. Links are
//     removed from the words (they are compared as canonical URLs) and
//     hashtags and @mentions are split at case changes. Posting lists are
//     read only for words in at most 0.2% of the claims; the best 150
//     claims so found get the common words' scores from their own word
//     lists (train MAP@5 unchanged, 200,000 claims matched in about 1 ms).
//  2. Re-ranking of the best 40 by a logistic model over features a person
//     would look at (see features.go): shared numbers and names, URL
//     overlap with known appearances, quoted phrases, word-pair overlap
//     both ways, recency, idf-weighted coverage of the claim and of the
//     post, whether the post's rarest matched word is its rarest word,
//     BM25 of text and title relative to the post's own maximum, and,
//     comparing each candidate with the others, whether it covers the most
//     of the post and shares the most of its word pairs, and its lead in
//     coverage over the best other candidate. Every
//     feature is a share or a yes/no in [0, 1], never a raw count or BM25
//     value, so the model does not depend on a language's word lengths or
//     vocabulary size.
//
// The weights are fitted on the CheckThat! 2020 English train split (a
// listwise fit, then coordinate ascent on MAP@5; see model.go and
// TestFitWeights): train MAP@5 0.875, dev 0.818 (retrieval alone: 0.862,
// 0.800). Scores are calibrated: the model's output is a probability
// (Platt scaling fitted on the same split), so one threshold means the
// same thing everywhere. Measured on the top 5 of each post (support
// applied): of results scoring 0.8 or more, 85% (train) and 79% (dev) are
// the right claim; of those scoring 0.4 to 0.6, 82% and 82%; below 0.2, 5%
// and 6%. There is no labelled
// Vietnamese set; the features' language independence is checked on a
// small hand-written Vietnamese fixture (TestVietnameseFoldedAndExact),
// not measured. No feature counts words (Vietnamese writes a word as
// several syllables): they are shares and yes/no answers.
//
// Ties are broken by claim id, lower first: a duplicate of an earlier
// claim ranks after it.
//
// [Stage] runs in the pipeline after posts are stored and raises a
// known_claim alert when a new post repeats a false or misleading claim.
package match
