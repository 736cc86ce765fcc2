package publish

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/text"
)

// Limits on what a publication may hold.
const (
	MaxTitle     = 300
	MaxSummary   = 2000
	MaxBody      = 200 << 10
	MaxCitations = 100
	maxSlug      = 80
)

var langRE = regexp.MustCompile(`^[a-z]{2,3}$`)

// Normalize cleans p in place and checks its fields, returning apperr
// Invalid with one message per wrong field. It does not check that p is
// ready to publish (see Ready).
func Normalize(p *Publication) error {
	bad := map[string]string{}
	if p.Kind != FactCheck && p.Kind != Notice {
		bad["kind"] = "want fact_check or notice"
	}
	for _, f := range []*string{&p.Title, &p.Summary, &p.ClaimReviewed, &p.Claimant, &p.RatingText} {
		*f = text.NormalizeSpace(text.NFC(*f))
	}
	p.BodyMD = strings.TrimSpace(text.NFC(strings.ReplaceAll(p.BodyMD, "\r\n", "\n")))
	switch {
	case p.Title == "":
		bad["title"] = "a publication needs a title"
	case len([]rune(p.Title)) > MaxTitle:
		bad["title"] = fmt.Sprintf("longer than %d characters", MaxTitle)
	}
	if len([]rune(p.Summary)) > MaxSummary {
		bad["summary"] = fmt.Sprintf("longer than %d characters", MaxSummary)
	}
	if len(p.BodyMD) > MaxBody {
		bad["body_md"] = fmt.Sprintf("longer than %d bytes", MaxBody)
	}
	p.Language = strings.ToLower(strings.TrimSpace(p.Language))
	if p.Language == "" {
		p.Language = "vi"
	}
	if !langRE.MatchString(p.Language) {
		bad["language"] = "want a language code such as vi or en"
	}
	p.Tags = cleanTags(p.Tags)
	if p.Kind == Notice {
		p.ClaimReviewed, p.Claimant, p.Rating, p.RatingText, p.Appearances = "", "", "", "", nil
	}
	if p.Rating != "" {
		if v, err := claim.ParseVerdict(string(p.Rating)); err != nil {
			bad["rating"] = err.Error()
		} else {
			p.Rating = v
		}
	}
	apps, err := canonicalURLs(p.Appearances)
	if err != nil {
		bad["appearances"] = err.Error()
	}
	p.Appearances = apps
	if err := cleanCitations(p); err != nil {
		bad["citations"] = err.Error()
	}
	p.ClaimDate = p.ClaimDate.UTC()
	if p.Slug != "" {
		s := Slugify(p.Slug)
		if s != p.Slug {
			bad["slug"] = "use lower-case letters, digits and hyphens only (for example " + s + ")"
		}
	}
	if len(bad) > 0 {
		return apperr.InvalidFields(bad)
	}
	return nil
}

// Ready checks what publishing needs: a fact-check has the claim reviewed
// and a rating, and every publication cites at least one source.
func Ready(p Publication) error {
	bad := map[string]string{}
	if p.Kind == FactCheck {
		if p.ClaimReviewed == "" {
			bad["claim_reviewed"] = "a fact-check names the claim it reviews"
		}
		if p.Rating == "" {
			bad["rating"] = "a fact-check needs a verdict before it is published"
		}
	}
	if len(p.Citations) == 0 {
		bad["citations"] = "cite at least one source before publishing"
	}
	if len(bad) > 0 {
		e := apperr.InvalidFields(bad)
		e.Message = "not ready to publish"
		return e
	}
	return nil
}

func cleanTags(tags []string) []string {
	var out []string
	for _, t := range tags {
		t = strings.ToLower(text.NormalizeSpace(text.NFC(t)))
		if t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

func canonicalURLs(list []string) ([]string, error) {
	var out []string
	for _, a := range list {
		if strings.TrimSpace(a) == "" {
			continue
		}
		u, err := webURL(a)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out, nil
}

// webURL accepts an absolute http(s) URL only, so that no javascript: or
// data: link reaches a page.
func webURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%q is not an absolute http(s) URL", raw)
	}
	return text.CanonicalURL(u.String())
}

func cleanCitations(p *Publication) error {
	if len(p.Citations) > MaxCitations {
		return fmt.Errorf("at most %d citations", MaxCitations)
	}
	var out []Citation
	for _, c := range p.Citations {
		c.Title = text.NormalizeSpace(text.NFC(c.Title))
		if strings.TrimSpace(c.URL) == "" && c.Title == "" {
			continue
		}
		u, err := webURL(c.URL)
		if err != nil {
			return err
		}
		c.URL = u
		out = append(out, c)
	}
	p.Citations = out
	return nil
}

// Slugify makes the URL name of a title: folded to ASCII, lower case,
// words joined by hyphens, at most 80 characters.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range text.Fold(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= maxSlug {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}
