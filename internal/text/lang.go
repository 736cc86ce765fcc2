package text

import (
	"math"
	"unicode/utf8"
)

// Language codes returned by DetectLang.
const (
	LangVietnamese = "vi"
	LangEnglish    = "en"
	LangOther      = "other" // another language or script
	LangUnknown    = "und"   // no letters to judge by
)

// DetectLang guesses whether s is Vietnamese ("vi"), English ("en") or
// something else ("other"), and returns "und" with confidence 0 when s has
// no word to judge by (empty, digits, punctuation, links or emoji only).
//
// It is a small naive-Bayes heuristic over word tokens, written for short
// posts: URLs, e-mail addresses and @mentions are ignored, #hashtags too
// unless there is nothing else, letters disguised as look-alikes from other
// scripts are read as the Latin letters they imitate, and each remaining
// token votes according to
//
//   - its letters: letters only Vietnamese uses (ă â đ ê ô ơ ư and the
//     precomposed tone-marked vowels such as ả ệ ữ), accents Vietnamese
//     shares with French or Spanish (á é ó ...), other Latin diacritics
//     (ç ñ ü ß ...), non-Latin scripts, and f j w z, which Vietnamese lacks;
//   - its shape: whether it folds to a well-formed Vietnamese syllable,
//     which recognises Vietnamese typed without accents
//     ("tin gia ve vac xin o da nang");
//   - function words: the embedded Vietnamese (also folded) and English
//     stop-word lists, and a short list of function words of other
//     Latin-script languages.
//
// confidence is the posterior probability of the returned language under
// the model, tempered because tokens are not independent; read it as a
// score in [0, 1] rather than a calibrated probability. Short inputs of one
// or two ambiguous words get low confidence.
func DetectLang(s string) (lang string, confidence float64) {
	s = head(s, maxLangBytes)
	sc := modelPrior
	n := 0
	score := func(tok string) {
		c := tokenCategory(tok)
		for m := range sc {
			sc[m] += categoryLogProb[m][c]
		}
		n++
	}
	forEachLangToken(s, false, score)
	if n == 0 {
		forEachLangToken(s, true, score) // hashtags are all there is
	}
	if n == 0 {
		return LangUnknown, 0
	}
	best := 0
	for m := range sc {
		if sc[m] > sc[best] {
			best = m
		}
	}
	var post [numModels]float64
	var sum float64
	for m := range sc {
		post[m] = math.Exp((sc[m] - sc[best]) * temper)
		sum += post[m]
	}
	// The answer is the language with the most posterior mass, summed over
	// its models (a language may have several), so its confidence is never
	// below that of another language.
	mass := map[string]float64{}
	for m := range post {
		mass[modelLang[m]] += post[m] / sum
	}
	lang = modelLang[best]
	for l, p := range mass {
		if p > mass[lang] || (p == mass[lang] && l < lang) {
			lang = l
		}
	}
	return lang, mass[lang]
}

// modelPrior is the log prior of each model: Latin-script languages other
// than Vietnamese and English are rare in the sources factdesk watches, and
// without the prior English headlines with few function words ("Wal-Mart
// Merry Christmas Ban") read as "other".
var modelPrior = [numModels]float64{modelLatin: -3}

// temper scales log-likelihoods before they become a confidence, because
// the tokens of a text are far from independent.
const temper = 0.5

// The language models: each gives the probability of every token category.
const (
	modelVi       = iota // Vietnamese written with diacritics
	modelViFolded        // Vietnamese typed without diacritics
	modelEn              // English
	modelLatin           // another language written in Latin letters
	modelScript          // a language written in another script
	numModels
)

var modelLang = [numModels]string{LangVietnamese, LangVietnamese, LangEnglish, LangOther, LangOther}

// categoryProb holds P(category | model). The Vietnamese and English rows
// were measured on the UD Vietnamese-VTB train split, VFND and CheckThat!
// 2020 texts (see TestLangAccuracyOnDatasets) and rounded; the other rows
// are estimates. Every entry is at least 0.0002 so that one odd token (a
// name, a loan word) never decides alone.
var categoryProb = [numModels][numCategories]float64{
	//            vi-only odd     shared  odd     latin   script  both    vi-stop en-syll en-stop other   syll    no-viet odd
	modelVi:       {0.55, 0.0027, 0.28, 0.0004, 0.0003, 0.0007, 0.0014, 0.044, 0.0027, 0.0002, 0.0002, 0.084, 0.0035, 0.02},
	modelViFolded: {0.0002, 0.0002, 0.0002, 0.0002, 0.0004, 0.0006, 0.012, 0.32, 0.031, 0.0002, 0.0002, 0.61, 0.0035, 0.023},
	modelEn:       {0.0002, 0.0002, 0.0002, 0.0005, 0.0005, 0.0005, 0.049, 0.0054, 0.13, 0.167, 0.001, 0.018, 0.12, 0.51},
	modelLatin:    {0.001, 0.002, 0.03, 0.10, 0.10, 0.001, 0.02, 0.03, 0.02, 0.03, 0.20, 0.08, 0.08, 0.30},
	modelScript:   {0.0002, 0.0002, 0.0002, 0.0002, 0.002, 0.95, 0.002, 0.002, 0.002, 0.002, 0.002, 0.004, 0.004, 0.02},
}

// categoryLogProb is the natural logarithm of categoryProb.
var categoryLogProb = func() (lp [numModels][numCategories]float64) {
	for m := range lp {
		for c := range lp[m] {
			lp[m][c] = math.Log(max(categoryProb[m][c], 0.0002))
		}
	}
	return lp
}()

// maxLangBytes bounds the text DetectLang reads: a few hundred words settle
// the language, and long articles need not cost more.
const maxLangBytes = 2048

// head returns at most n bytes of s, cut at a rune boundary.
func head(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
