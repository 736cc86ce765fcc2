package importer

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/factdesk/factdesk/internal/claim"
)

// maxDepth bounds how deep the JSON-LD walk looks for ClaimReviews.
const maxDepth = 32

// readJSONLD reads the ClaimReviews of one JSON-LD document.
func readJSONLD(data []byte) ([]Record, error) {
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("read JSON-LD: %w", err)
	}
	var recs []Record
	walkJSONLD(doc, 0, func(obj map[string]any) { recs = append(recs, fromClaimReview(obj)) })
	return recs, nil
}

// walkJSONLD calls fn for every ClaimReview object in v: v itself, the
// items of arrays and @graph, and objects nested in other objects.
func walkJSONLD(v any, depth int, fn func(map[string]any)) {
	if depth > maxDepth {
		return
	}
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			walkJSONLD(x, depth+1, fn)
		}
	case map[string]any:
		if isType(v, "ClaimReview") {
			fn(v)
			return
		}
		for _, k := range sortedKeys(v) {
			walkJSONLD(v[k], depth+1, fn)
		}
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	// @graph first, so a document's records keep their order.
	if i := slices.Index(keys, "@graph"); i > 0 {
		keys = append([]string{"@graph"}, slices.Delete(keys, i, i+1)...)
	}
	return keys
}

// isType reports whether obj's @type is t, or an array holding t (with or
// without a schema.org prefix).
func isType(obj map[string]any, t string) bool {
	match := func(v any) bool {
		s, _ := v.(string)
		return s == t || s == "schema:"+t || s == "http://schema.org/"+t || s == "https://schema.org/"+t
	}
	switch v := obj["@type"].(type) {
	case []any:
		return slices.ContainsFunc(v, match)
	default:
		return match(v)
	}
}

// fromClaimReview maps one ClaimReview to a claim.
func fromClaimReview(o map[string]any) Record {
	item, _ := first(o["itemReviewed"]).(map[string]any)
	c := claim.Claim{
		Text:      str(o["claimReviewed"]),
		Title:     str(o["headline"]),
		Publisher: name(o["author"]),
		ReviewURL: str(o["url"]),
		Lang:      language(o["inLanguage"]),
		Summary:   str(o["description"]),
		Tags:      list(o["keywords"], ","),
		Evidence:  urls(o["citation"]),
	}
	if c.Title == "" {
		c.Title = str(o["name"])
	}
	if c.Publisher == "" {
		c.Publisher = name(o["publisher"])
	}
	if c.Summary == "" {
		c.Summary = str(o["reviewBody"])
	}
	var errs []error
	var err error
	c.ReviewDate, err = date("datePublished", o["datePublished"])
	errs = append(errs, err)
	if item != nil {
		if c.Text == "" {
			c.Text = str(item["text"])
		}
		if c.Text == "" {
			c.Text = str(item["name"])
		}
		c.Claimant = name(item["author"])
		c.Appearances = append(urls(item["firstAppearance"]), urls(item["appearance"])...)
		c.ClaimDate, err = date("itemReviewed.datePublished", item["datePublished"])
		errs = append(errs, err)
		if c.Lang == "" {
			c.Lang = language(item["inLanguage"])
		}
	}
	if c.Text == "" {
		errs = append(errs, errors.New("claimReviewed: empty"))
	}
	c.RatingText, c.Verdict, err = rating(first(o["reviewRating"]))
	errs = append(errs, err)
	return Record{Claim: c, Err: errors.Join(errs...)}
}

// first is v, or the first item of v when it is an array.
func first(v any) any {
	if a, ok := v.([]any); ok {
		if len(a) == 0 {
			return nil
		}
		return a[0]
	}
	return v
}

// language reads inLanguage: a code, or a Language with alternateName or name.
func language(v any) string {
	if m, ok := v.(map[string]any); ok {
		if s := str(m["alternateName"]); s != "" {
			return s
		}
		return str(m["name"])
	}
	return str(v)
}

// rating reads a reviewRating: its wording (alternateName, else name) and
// the verdict it maps to.
func rating(v any) (string, claim.Verdict, error) {
	r, ok := v.(map[string]any)
	if !ok {
		return "", "", errors.New("reviewRating: missing")
	}
	wording := str(r["alternateName"])
	if wording == "" {
		wording = str(r["name"])
	}
	if vd, ok := claim.VerdictFromRating(wording); ok {
		return wording, vd, nil
	}
	if value, ok := number(r["ratingValue"]); ok {
		best, okb := number(r["bestRating"])
		worst, okw := number(r["worstRating"])
		if !okb {
			best = 5
		}
		if !okw {
			worst = 1
		}
		if vd, ok := claim.VerdictFromScore(value, best, worst); ok {
			return wording, vd, nil
		}
	}
	if wording == "" {
		return "", "", errors.New("reviewRating: no wording and no ratingValue within worstRating..bestRating")
	}
	return wording, "", fmt.Errorf("reviewRating: unknown rating wording %q and no ratingValue within worstRating..bestRating", wording)
}
