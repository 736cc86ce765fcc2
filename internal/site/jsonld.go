package site

import (
	"encoding/json"
	"html/template"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/publish"
)

// ratingValue places each verdict on a 1..5 scale, worst to best, as
// claim.Verdicts orders them.
var ratingValue = map[claim.Verdict]int{claim.False: 1, claim.Misleading: 2, claim.MissingContext: 3, claim.Unproven: 4, claim.True: 5}

// Thing is a schema.org node.
type Thing map[string]any

// ClaimReview is the schema.org ClaimReview of a published fact-check,
// with the fields Google's fact-check markup requires and recommends:
// claimReviewed, reviewRating (ratingValue, bestRating, worstRating,
// alternateName), itemReviewed as a Claim (author, datePublished,
// appearance, firstAppearance), author and publisher as Organizations,
// datePublished, url. ratingName is the verdict in the page's language,
// used when the fact-check has no wording of its own.
func ClaimReview(p publish.Publication, pageURL, authorName, publisherName, baseURL, ratingName string) Thing {
	alt := p.RatingText
	if alt == "" {
		alt = ratingName
	}
	org := func(name string) Thing { return Thing{"@type": "Organization", "name": name, "url": baseURL} }
	item := Thing{"@type": "Claim"}
	claimant := p.Claimant
	if claimant == "" {
		claimant = "Unknown"
	}
	item["author"] = Thing{"@type": "Organization", "name": claimant}
	if !p.ClaimDate.IsZero() {
		item["datePublished"] = day(p.ClaimDate)
	}
	if len(p.Appearances) > 0 {
		apps := make([]Thing, len(p.Appearances))
		for i, u := range p.Appearances {
			apps[i] = Thing{"@type": "CreativeWork", "url": u}
		}
		item["appearance"] = apps
		item["firstAppearance"] = apps[0]
	}
	r := Thing{
		"@context":      "https://schema.org",
		"@type":         "ClaimReview",
		"url":           pageURL,
		"headline":      p.Title,
		"inLanguage":    p.Language,
		"datePublished": day(p.PublishedAt),
		"dateModified":  p.UpdatedAt.UTC().Format(time.RFC3339),
		"claimReviewed": p.ClaimReviewed,
		"author":        org(authorName),
		"publisher":     org(publisherName),
		"itemReviewed":  item,
		"reviewRating": Thing{
			"@type":         "Rating",
			"ratingValue":   ratingValue[p.Rating],
			"bestRating":    5,
			"worstRating":   1,
			"alternateName": alt,
		},
	}
	return r
}

// script renders a JSON-LD node for a <script type="application/ld+json">
// element: encoding/json escapes <, > and &, so the text cannot close the
// element.
func script(t Thing) template.JS {
	b, err := json.Marshal(t)
	if err != nil {
		return "{}"
	}
	return template.JS(strings.ReplaceAll(string(b), "</", `<\/`)) // #nosec G203 -- JSON with <, > and & escaped
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}
