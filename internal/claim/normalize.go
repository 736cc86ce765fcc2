package claim

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/text"
)

// MaxTextBytes bounds a claim's text; longer claims are refused.
const MaxTextBytes = 8 << 10

// Normalize cleans c in place and checks it, so that every stored claim has
// the same shape whatever it was imported from:
//
//   - text, title, claimant, publisher, rating text and summary are NFC with
//     white space collapsed; the text is required;
//   - the verdict must be one of [Verdicts];
//   - the review URL and appearances are canonical URLs (see
//     text.CanonicalURL), appearances deduplicated; evidence and tags are
//     trimmed and deduplicated, tags lower-cased;
//   - lang is lower-cased, and detected from the text when empty;
//   - dates are UTC, truncated to the millisecond;
//   - an empty Key becomes [KeyOf] c.
//
// The error names the field that is wrong.
func Normalize(c *Claim) error {
	for _, f := range []*string{&c.Text, &c.Title, &c.Claimant, &c.Publisher, &c.RatingText, &c.Summary, &c.Key} {
		*f = text.NormalizeSpace(text.NFC(*f))
	}
	if c.Text == "" {
		return errors.New("text: a claim needs its text")
	}
	if len(c.Text) > MaxTextBytes {
		return fmt.Errorf("text: longer than %d bytes", MaxTextBytes)
	}
	v, err := ParseVerdict(string(c.Verdict))
	if err != nil {
		return fmt.Errorf("verdict: %w", err)
	}
	c.Verdict = v
	if c.ReviewURL != "" {
		u, err := text.CanonicalURL(c.ReviewURL)
		if err != nil {
			return fmt.Errorf("review_url: %w", err)
		}
		c.ReviewURL = u
	}
	apps := make([]string, 0, len(c.Appearances))
	for _, a := range c.Appearances {
		if strings.TrimSpace(a) == "" {
			continue
		}
		u, err := text.CanonicalURL(a)
		if err != nil {
			return fmt.Errorf("appearances: %w", err)
		}
		apps = append(apps, u)
	}
	c.Appearances = dedupe(apps, false)
	c.Evidence = dedupe(c.Evidence, false)
	c.Tags = dedupe(c.Tags, true)
	c.Lang = strings.ToLower(strings.TrimSpace(c.Lang))
	if c.Lang == "" {
		if l, _ := text.DetectLang(c.Title + " " + c.Text); l == text.LangVietnamese || l == text.LangEnglish {
			c.Lang = l
		}
	}
	c.ClaimDate, c.ReviewDate = ms(c.ClaimDate), ms(c.ReviewDate)
	if c.Key == "" {
		c.Key = KeyOf(*c)
	}
	return nil
}

// KeyOf is a claim's identity for idempotent imports: its canonical review
// URL when it has one, otherwise "sha256:" and the hash of its folded text
// and publisher. Call it on a normalized claim.
func KeyOf(c Claim) string {
	if c.ReviewURL != "" {
		return c.ReviewURL
	}
	return "sha256:" + hash(text.Fold(c.Text)+"\x00"+text.Fold(c.Publisher))
}

// TextKey is url and a short hash of the folded text: the key of one of
// several claims reviewed on the same page.
func TextKey(url, claimText string) string {
	return url + "#claim-" + hash(text.Fold(text.NormalizeSpace(text.NFC(claimText))))[:12]
}

func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func ms(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Millisecond)
}

// dedupe trims the items of list, drops empty and repeated ones and keeps
// the order; lower lower-cases them first.
func dedupe(list []string, lower bool) []string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		s = text.NormalizeSpace(text.NFC(s))
		if lower {
			s = strings.ToLower(s)
		}
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// SameContent reports whether a and b hold the same claim, ignoring their
// ids and timestamps. Both should be normalized.
func SameContent(a, b Claim) bool {
	a.ID, a.CreatedAt, a.UpdatedAt = 0, time.Time{}, time.Time{}
	b.ID, b.CreatedAt, b.UpdatedAt = 0, time.Time{}, time.Time{}
	return a.Key == b.Key && a.Text == b.Text && a.Title == b.Title && a.Claimant == b.Claimant &&
		a.ClaimDate.Equal(b.ClaimDate) && slices.Equal(a.Appearances, b.Appearances) && a.Verdict == b.Verdict &&
		a.RatingText == b.RatingText && a.ReviewURL == b.ReviewURL && a.Publisher == b.Publisher && a.Lang == b.Lang &&
		a.ReviewDate.Equal(b.ReviewDate) && a.Summary == b.Summary && slices.Equal(a.Evidence, b.Evidence) &&
		slices.Equal(a.Tags, b.Tags)
}
