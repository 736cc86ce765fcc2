package text

import "strings"

// isVietSyllable reports whether f, a folded token (see [Fold]), has the
// shape of a Vietnamese syllable once diacritics are removed: an optional
// initial consonant (b c ch d g gh gi h k kh l m n ng ngh nh p ph qu r s t
// th tr v x) followed by a rhyme from the closed Vietnamese rhyme
// inventory, respecting the spelling rules (k, gh, ngh before e i y; c, g,
// ng elsewhere). Loan syllables and names may fail; almost every word of
// running Vietnamese text passes, while most English words do not.
func isVietSyllable(f string) bool {
	if f == "" || len(f) > 7 {
		return false
	}
	for _, ini := range viInitials {
		if !strings.HasPrefix(f, ini) {
			continue
		}
		rhyme := f[len(ini):]
		if rhyme == "" {
			if ini == "gi" {
				return true // gì
			}
			continue
		}
		if viRhymes[rhyme] && initialFits(ini, rhyme[0]) {
			return true
		}
	}
	return false
}

// viInitials lists initial consonants, longer spellings first, ending with
// the empty initial.
var viInitials = []string{
	"ngh", "ng", "gh", "gi", "kh", "nh", "ph", "qu", "th", "tr", "ch",
	"b", "c", "d", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
}

// initialFits applies the spelling rules linking an initial to the first
// letter of its rhyme.
func initialFits(ini string, v byte) bool {
	front := v == 'e' || v == 'i' || v == 'y'
	switch ini {
	case "k", "gh", "ngh":
		return front
	case "c", "ng":
		return !front
	case "g":
		return v != 'e'
	case "qu":
		return v != 'u'
	}
	return true
}

// viRhymes is the inventory of Vietnamese rhymes with diacritics removed.
var viRhymes = func() map[string]bool {
	m := map[string]bool{}
	for _, r := range strings.Fields(`
		a ai ao au ay e eo eu i ia iu ieu o oa oai oay oao oe oeo oi u ua uay
		ue ui uo uoi uou uu uy uya uyu y yeu
		ac ach am an ang anh ap at
		ec ech em en eng enh ep et
		ich im in inh ip it
		oc om on ong op ot ooc oong
		uc um un ung up ut
		iec iem ien ieng iep iet
		yem yen yet
		uoc uom uon uong uop uot
		oac oach oam oan oang oanh oap oat
		oen oet oem
		uan uang uat
		uech uenh
		uych uynh uyt
		uyen uyet`) {
		m[r] = true
	}
	return m
}()
