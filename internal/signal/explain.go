package signal

import (
	"fmt"
	"math"
	"strconv"
)

// Explain words an alert's details in lang ("vi" for Vietnamese, anything
// else for English), e.g. "story 12: 48 posts from 12 sources in the last
// 10 min; usually 3 ± 2" or "chuỗi tin 12: 48 bài từ 12 nguồn trong 10 phút
// qua; thường 3 ± 2".
func Explain(d Details, lang string) string {
	w := words["en"]
	if lang == "vi" {
		w = words["vi"]
	}
	var subject string
	switch {
	case d.Term != "":
		subject = fmt.Sprintf(w.term, d.Term)
		if d.Story != 0 {
			subject += fmt.Sprintf(w.mostly, d.Story)
		}
	case d.New:
		subject = fmt.Sprintf(w.newStory, d.Story)
	default:
		subject = fmt.Sprintf(w.story, d.Story)
	}
	s := fmt.Sprintf(w.body, subject, d.Count, plural(w.posts, d.Count), d.Sources, plural(w.sources, d.Sources), span(d.BucketMinutes, w))
	switch {
	case d.New:
		return s + w.noEarlier
	case d.Expected < 0.5:
		return s + w.usuallyNone
	}
	return s + fmt.Sprintf(w.usually, roundCount(d.Expected), roundCount(math.Max(d.StdDev, 1)))
}

type wording struct {
	story, newStory, term, mostly string
	body                          string // subject, count, posts, sources, sources word, span
	posts, sources                [2]string
	minutes, hours                string
	usually, usuallyNone          string
	noEarlier                     string
}

var words = map[string]wording{
	"en": {
		story: "story %d", newStory: "new story %d", term: "term %q", mostly: " (mostly story %d)",
		body:  "%s: %d %s from %d %s in the last %s",
		posts: [2]string{"post", "posts"}, sources: [2]string{"source", "sources"},
		minutes: "%d min", hours: "%d h",
		usually: "; usually %s ± %s", usuallyNone: "; usually none", noEarlier: "; no posts before",
	},
	"vi": {
		story: "chuỗi tin %d", newStory: "chuỗi tin mới %d", term: "từ khóa «%s»", mostly: " (chủ yếu chuỗi tin %d)",
		body:  "%s: %d %s từ %d %s trong %s qua",
		posts: [2]string{"bài", "bài"}, sources: [2]string{"nguồn", "nguồn"},
		minutes: "%d phút", hours: "%d giờ",
		usually: "; thường %s ± %s", usuallyNone: "; thường không có bài nào", noEarlier: "; trước đó chưa có bài nào",
	},
}

func plural(forms [2]string, n int) string {
	if n == 1 {
		return forms[0]
	}
	return forms[1]
}

func span(minutes int, w wording) string {
	if minutes >= 60 && minutes%60 == 0 {
		return fmt.Sprintf(w.hours, minutes/60)
	}
	return fmt.Sprintf(w.minutes, minutes)
}

// roundCount writes an expected count for people: whole numbers from 1 up,
// one decimal below.
func roundCount(v float64) string {
	if v >= 1 {
		return strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}
