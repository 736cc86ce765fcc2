package claim

import (
	"strings"

	"github.com/factdesk/factdesk/internal/text"
)

// ratingWords maps a publisher's rating wording, folded (lower case, no
// diacritics, punctuation as spaces), to factdesk's verdict. English and
// Vietnamese wordings are listed; the choices that are judgement calls:
//
//	"mostly false", "partly false", "mixture", "exaggerated"  -> misleading: as a whole they lead a reader to a wrong conclusion
//	"half true"                                               -> missing-context: PolitiFact defines it as "partially accurate
//	                                                             but leaves out important details or takes things out of context"
//	"mostly true"                                             -> true: the claim holds; the rating text keeps the nuance
//	"satire", "opinion" and other non-ratings                 -> no verdict (an error for the record)
var ratingWords = map[string]Verdict{
	// false
	"false": False, "fake": False, "pants on fire": False, "pants on fire!": False, "incorrect": False,
	"not true": False, "wrong": False, "hoax": False, "fabricated": False, "fake news": False, "scam": False,
	"sai": False, "sai su that": False, "tin gia": False, "thong tin sai": False, "thong tin sai su that": False,
	"khong dung": False, "khong dung su that": False, "bia dat": False, "gia mao": False, "lua dao": False,
	// misleading
	"misleading": Misleading, "mostly false": Misleading, "partly false": Misleading, "partially false": Misleading,
	"mixture": Misleading, "mixed": Misleading, "exaggerated": Misleading, "distorted": Misleading,
	"manipulated": Misleading, "altered": Misleading, "miscaptioned": Misleading, "misattributed": Misleading,
	"gay hieu lam": Misleading, "de gay hieu lam": Misleading, "sai mot phan": Misleading, "phan lon sai": Misleading,
	"xuyen tac": Misleading, "cat ghep": Misleading, "phong dai": Misleading, "danh trao khai niem": Misleading,
	// missing context
	"missing context": MissingContext, "lacks context": MissingContext, "needs context": MissingContext,
	"out of context": MissingContext, "half true": MissingContext, "cherry picks": MissingContext,
	"thieu boi canh": MissingContext, "thieu ngu canh": MissingContext, "sai boi canh": MissingContext,
	"ngoai boi canh": MissingContext, "dung mot phan": MissingContext, "nua dung nua sai": MissingContext,
	// unproven
	"unproven": Unproven, "unverified": Unproven, "unsupported": Unproven, "unsubstantiated": Unproven,
	"no evidence": Unproven, "research in progress": Unproven, "undetermined": Unproven, "unconfirmed": Unproven,
	"chua kiem chung": Unproven, "chua xac minh": Unproven, "chua duoc xac minh": Unproven,
	"chua duoc kiem chung": Unproven, "chua co bang chung": Unproven, "khong co bang chung": Unproven,
	"chua ro": Unproven,
	// true
	"true": True, "correct": True, "accurate": True, "mostly true": True, "mostly correct": True,
	"dung": True, "dung su that": True, "chinh xac": True, "su that": True, "phan lon dung": True,
}

// VerdictFromRating maps a publisher's rating wording ("False", "Sai sự
// thật", "Mostly True", "Thiếu bối cảnh") to a verdict. It tries the whole
// wording, then its first clause (before '.', ':', ';', ',', '(' or a
// dash), so "Sai: ảnh cũ" reads as "Sai". It reports false for a wording it
// does not know.
func VerdictFromRating(s string) (Verdict, bool) {
	k := foldRating(s)
	if v, ok := ratingWords[k]; ok {
		return v, true
	}
	if i := strings.IndexAny(s, ".:;,(–—-"); i > 0 {
		if v, ok := ratingWords[foldRating(s[:i])]; ok {
			return v, true
		}
	}
	return "", false
}

// foldRating folds s and turns punctuation other than '!' into spaces.
func foldRating(s string) string {
	f := []rune(text.Fold(text.NFC(s)))
	for i, r := range f {
		if r == '-' || r == '_' || r == '/' || r == '"' || r == '\'' || r == '.' || r == '“' || r == '”' {
			f[i] = ' '
		}
	}
	return strings.Join(strings.Fields(string(f)), " ")
}

// VerdictFromScore maps a numeric rating on a scale from worst to best
// (schema.org's defaults are 1 and 5) to a verdict by the value's place on
// the scale p = (value-worst)/(best-worst): p <= 1/8 false, <= 3/8
// misleading, <= 5/8 missing-context, above that true. On the usual 1-5
// scale: 1 false, 2 misleading, 3 missing-context, 4 and 5 true. A value
// outside the scale, or a scale with best <= worst, has no verdict.
func VerdictFromScore(value, best, worst float64) (Verdict, bool) {
	if best <= worst || value < worst || value > best {
		return "", false
	}
	p := (value - worst) / (best - worst)
	switch {
	case p <= 0.125:
		return False, true
	case p <= 0.375:
		return Misleading, true
	case p <= 0.625:
		return MissingContext, true
	default:
		return True, true
	}
}
