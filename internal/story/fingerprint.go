package story

import (
	"strconv"
	"strings"

	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/text"
)

// Fingerprint is what an [Index] needs to know of a post.
type Fingerprint struct {
	Sig  Signature // MinHash over the folded word shingles
	Hash uint64    // key of the exact content hash
	URL  uint64    // key of the canonical URL; 0 when the post has none
}

// FingerprintOf computes the fingerprint of a post from its title and
// text. Case, diacritics (đ included), punctuation, emoji and links inside
// the text do not change the signature.
func FingerprintOf(p *post.Post) Fingerprint {
	return Fingerprint{
		Sig:  MinHash(Shingles(p.Title + "\n" + p.Text)),
		Hash: hashKey(p),
		URL:  urlKey(p.URL),
	}
}

// Shingles returns the shingle hashes MinHash is computed over: the folded
// words of s, with links removed, and each pair of adjacent words. Single
// words keep a changed word from costing a short post half its similarity;
// pairs keep posts that merely share vocabulary apart. A text with no word
// at all has its whole normalised text as its one shingle, so Shingles
// never returns an empty slice.
func Shingles(s string) []uint64 {
	toks := text.Tokens(text.Fold(stripURLs(s)))
	if len(toks) == 0 {
		return []uint64{text.Hash64(text.NormalizeSpace(s))}
	}
	sh := text.ShingleHashes(toks, 1)
	if len(toks) > 1 {
		sh = append(sh, text.ShingleHashes(toks, 2)...)
	}
	return sh
}

// stripURLs removes the links from s: a copy of a post often differs from
// the original only in its shortened link.
func stripURLs(s string) string {
	if !strings.Contains(s, "://") && !strings.Contains(s, "www.") && !strings.Contains(s, "pic.twitter.com/") {
		return s
	}
	for _, u := range text.ExtractURLs(s) {
		if !strings.Contains(s, u) {
			u = strings.TrimPrefix(u, "http://") // a bare www. link
		}
		s = strings.ReplaceAll(s, u, " ")
	}
	for {
		i := strings.Index(s, "pic.twitter.com/")
		if i < 0 {
			return s
		}
		j := i + len("pic.twitter.com/")
		for j < len(s) && s[j] > ' ' {
			j++
		}
		s = s[:i] + " " + s[j:]
	}
}

// hashKey turns the post's content hash (hex SHA-256, computed here when
// absent) into a table key.
func hashKey(p *post.Post) uint64 {
	h := p.ContentHash
	if len(h) < 16 {
		h = text.ContentHash(p.Title + "\n" + p.Text)
	}
	k, err := strconv.ParseUint(h[:16], 16, 64)
	if err != nil {
		k = text.Hash64(h)
	}
	return nonZero(k)
}

// urlKey is the table key of a canonical URL, or 0 for none.
func urlKey(u string) uint64 {
	if u == "" {
		return 0
	}
	return nonZero(text.Hash64(u))
}

func nonZero(k uint64) uint64 {
	if k == 0 {
		return 1
	}
	return k
}
