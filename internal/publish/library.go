package publish

import (
	"strconv"

	"github.com/factdesk/factdesk/internal/claim"
)

// LibraryKey is the claims-library key of a publication's claim.
func LibraryKey(id int64) string { return "publication:" + strconv.FormatInt(id, 10) }

// ClaimOf is the claims-library record of a published fact-check, so that
// later posts repeating the claim match it. reviewURL is the public page;
// publisher names the organisation. A retracted fact-check stays in the
// library, rated unproven and tagged "retracted", so that it no longer
// raises known-false-claim alerts and an analyst who meets it sees why.
func ClaimOf(p Publication, reviewURL, publisher string) claim.Claim {
	c := claim.Claim{
		Key:         LibraryKey(p.ID),
		Text:        p.ClaimReviewed,
		Title:       p.Title,
		Claimant:    p.Claimant,
		ClaimDate:   p.ClaimDate,
		Appearances: p.Appearances,
		Verdict:     p.Rating,
		RatingText:  p.RatingText,
		ReviewURL:   reviewURL,
		Publisher:   publisher,
		Lang:        p.Language,
		ReviewDate:  p.PublishedAt,
		Summary:     p.Summary,
		Tags:        append([]string(nil), p.Tags...),
	}
	for _, ci := range p.Citations {
		c.Evidence = append(c.Evidence, ci.URL)
	}
	if p.Status == Retracted {
		c.Verdict = claim.Unproven
		c.RatingText = "Retracted: " + p.RetractReason
		c.Tags = append(c.Tags, "retracted")
	}
	return c
}
