package importer

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/factdesk/factdesk/internal/claim"
)

// googleAnswer is the Fact Check Tools API's claims:search answer.
type googleAnswer struct {
	Claims []struct {
		Text        string         `json:"text"`
		Claimant    string         `json:"claimant"`
		ClaimDate   any            `json:"claimDate"`
		ClaimReview []googleReview `json:"claimReview"`
	} `json:"claims"`
}

type googleReview struct {
	Publisher struct {
		Name string `json:"name"`
		Site string `json:"site"`
	} `json:"publisher"`
	URL           string `json:"url"`
	Title         string `json:"title"`
	ReviewDate    any    `json:"reviewDate"`
	TextualRating string `json:"textualRating"`
	LanguageCode  string `json:"languageCode"`
}

// readGoogle reads one claim per claimReview of a Fact Check Tools answer.
func readGoogle(data []byte) ([]Record, error) {
	var a googleAnswer
	if err := json.Unmarshal(data, &a); err != nil {
		return nil, fmt.Errorf("read Fact Check Tools JSON: %w", err)
	}
	var recs []Record
	for _, gc := range a.Claims {
		claimDate, dateErr := date("claimDate", gc.ClaimDate)
		if len(gc.ClaimReview) == 0 {
			recs = append(recs, Record{Err: fmt.Errorf("claim %q: no claimReview", gc.Text)})
		}
		for _, r := range gc.ClaimReview {
			c := claim.Claim{Text: gc.Text, Claimant: gc.Claimant, ClaimDate: claimDate, Title: r.Title, ReviewURL: r.URL,
				Publisher: r.Publisher.Name, RatingText: r.TextualRating, Lang: r.LanguageCode}
			if c.Publisher == "" {
				c.Publisher = r.Publisher.Site
			}
			var err error
			errs := []error{dateErr}
			c.ReviewDate, err = date("reviewDate", r.ReviewDate)
			errs = append(errs, err)
			if v, ok := claim.VerdictFromRating(r.TextualRating); ok {
				c.Verdict = v
			} else {
				errs = append(errs, fmt.Errorf("textualRating: unknown rating wording %q", r.TextualRating))
			}
			if gc.Text == "" {
				errs = append(errs, errors.New("text: empty"))
			}
			recs = append(recs, Record{Claim: c, Err: errors.Join(errs...)})
		}
	}
	return recs, nil
}
