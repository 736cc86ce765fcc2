package match

import "fmt"

// Explain words a known_claim alert in lang ("vi" for Vietnamese, anything
// else for English), e.g. `2 posts repeat a claim rated false: "5G spreads
// the virus" (match 0.93); review: https://…` or `2 bài lặp lại một thông
// tin đã được kết luận là sai: «…» (mức khớp 0.93)`.
func Explain(d Details, lang string) string {
	w := claimWords["en"]
	if lang == "vi" {
		w = claimWords["vi"]
	}
	verdict := w.verdicts[d.Verdict]
	if verdict == "" {
		verdict = d.Verdict
	}
	posts := w.posts[1]
	if d.Count == 1 {
		posts = w.posts[0]
	}
	s := fmt.Sprintf(w.body, d.Count, posts, verdict, d.Claim, d.Score)
	if d.ReviewURL != "" {
		s += fmt.Sprintf(w.review, d.ReviewURL)
	}
	return s
}

type claimWording struct {
	body     string // count, posts, verdict, claim, score
	posts    [2]string
	review   string
	verdicts map[string]string
}

var claimWords = map[string]claimWording{
	"en": {
		body: "%d %s a claim rated %s: %q (match %.2f)", posts: [2]string{"post repeats", "posts repeat"},
		review:   "; review: %s",
		verdicts: map[string]string{"false": "false", "misleading": "misleading"},
	},
	"vi": {
		body: "%d %s một thông tin đã được kết luận là %s: «%s» (mức khớp %.2f)", posts: [2]string{"bài lặp lại", "bài lặp lại"},
		review:   "; bài kiểm chứng: %s",
		verdicts: map[string]string{"false": "sai", "misleading": "gây hiểu lầm"},
	},
}
