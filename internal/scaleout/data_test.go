package scaleout_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// record is one pushed post, in the import schema.
type record struct {
	ID          string    `json:"id"`
	Text        string    `json:"text"`
	PublishedAt time.Time `json:"published_at"`
	Author      string    `json:"author_handle"`
	Lang        string    `json:"lang"`
}

// burst is a rumour that spreads in one ten-minute bucket: posts telling
// the same story from many accounts, under a hashtag seen nowhere else.
type burst struct {
	tag    string
	bucket time.Time
	ids    []string
}

type dataset struct {
	posts  []record
	bursts []burst
}

const (
	burstCount = 5
	burstPosts = 100
	bucket     = 10 * time.Minute
)

// generate makes totalPosts posts over the six hours before now, sorted by
// time: background chatter of words from a common vocabulary (one story
// each, no spikes) and, from the second hour on, five bursts, the last
// over an hour before now so that its bucket closes by event time.
func generate(now time.Time) dataset {
	rng := rand.New(rand.NewPCG(10, 2))
	vocab := make([]string, 1500)
	for i := range vocab {
		vocab[i] = word(i)
	}
	base := now.UTC().Truncate(bucket).Add(-6 * time.Hour)
	span := 5*time.Hour + 40*time.Minute
	var d dataset
	background := totalPosts - burstCount*burstPosts
	for i := range background {
		words := make([]string, 14)
		for j := range words {
			words[j] = vocab[rng.IntN(len(vocab))]
		}
		d.posts = append(d.posts, record{
			ID: fmt.Sprintf("bg-%d", i), Text: strings.Join(words, " ") + ".", Lang: "en",
			PublishedAt: base.Add(time.Duration(rng.Int64N(int64(span)))).Truncate(time.Second),
			Author:      fmt.Sprintf("account%d", rng.IntN(5000)),
		})
	}
	for k := range burstCount {
		// Each rumour in words of its own, so that the five are five
		// stories (alike, they would be one story alerting once an hour).
		story := make([]string, 12)
		for j := range story {
			story[j] = word(8000 + 100*k + j)
		}
		b := burst{tag: "#" + word(5000+k*37), bucket: base.Add(2*time.Hour + time.Duration(k)*40*time.Minute)}
		for i := range burstPosts {
			id := fmt.Sprintf("burst-%d-%d", k, i)
			b.ids = append(b.ids, id)
			d.posts = append(d.posts, record{
				ID: id, Lang: "en", Author: fmt.Sprintf("witness%d", i%20),
				Text:        fmt.Sprintf("%s %s (%d)", b.tag, strings.Join(story, " "), i%3),
				PublishedAt: b.bucket.Add(time.Minute + time.Duration(rng.Int64N(int64(7*time.Minute)))).Truncate(time.Second),
			})
		}
		d.bursts = append(d.bursts, b)
	}
	slices.SortStableFunc(d.posts, func(a, b record) int { return a.PublishedAt.Compare(b.PublishedAt) })
	return d
}

// word is the i-th made-up word, letters only ("bakoru"...), so that its
// folded form is itself.
func word(i int) string {
	const cons, vows = "bdfgklmnprstvz", "aeiou"
	var sb strings.Builder
	for n := i + 1000; n > 0; n /= len(cons) * len(vows) {
		r := n % (len(cons) * len(vows))
		sb.WriteByte(cons[r/len(vows)])
		sb.WriteByte(vows[r%len(vows)])
	}
	return sb.String()
}

// burstAlerts returns the alerts about burst b: on its hashtag or on a
// story holding its posts.
func (b burst) alerts(ctx context.Context, db *sql.DB) ([][3]string, error) {
	rows, err := db.QueryContext(ctx, `
		SELECT kind, key, bucket_start FROM alerts
		WHERE key = $1 OR story_id IN (SELECT s.story_id FROM post_stories s JOIN posts p ON p.id = s.post_id WHERE p.external_id = ANY($2))`,
		"term:"+b.tag, b.ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][3]string
	for rows.Next() {
		var kind, key string
		var at int64
		if err := rows.Scan(&kind, &key, &at); err != nil {
			return nil, err
		}
		out = append(out, [3]string{kind, key, time.UnixMilli(at).UTC().Format(time.RFC3339)})
	}
	return out, rows.Err()
}

// missingAlerts names the bursts without an alert in their own bucket.
func (d dataset) missingAlerts(ctx context.Context, db *sql.DB) ([]string, error) {
	var missing []string
	for _, b := range d.bursts {
		as, err := b.alerts(ctx, db)
		if err != nil {
			return nil, err
		}
		found := false
		for _, a := range as {
			found = found || a[2] == b.bucket.Format(time.RFC3339)
		}
		if !found {
			missing = append(missing, b.tag+"@"+b.bucket.Format("15:04"))
		}
	}
	return missing, nil
}

// oncePerBurst checks that no burst alerted twice in the same way: each
// (kind, key) about a burst appears once.
func (d dataset) oncePerBurst(ctx context.Context, db *sql.DB) error {
	for _, b := range d.bursts {
		as, err := b.alerts(ctx, db)
		if err != nil {
			return err
		}
		seen := map[[2]string]string{}
		for _, a := range as {
			k := [2]string{a[0], a[1]}
			if at, dup := seen[k]; dup {
				return fmt.Errorf("burst %s: %s %s alerted twice (%s and %s): %v", b.tag, a[0], a[1], at, a[2], as)
			}
			seen[k] = a[2]
		}
	}
	return nil
}

// describe tells, for a failure message, every alert and how the posts of
// each burst were placed.
func (d dataset) describe(ctx context.Context, db *sql.DB) string {
	var sb strings.Builder
	rows, err := db.QueryContext(ctx, `SELECT kind, key, bucket_start, coalesce(story_id, 0) FROM alerts ORDER BY bucket_start`)
	if err != nil {
		return err.Error()
	}
	for rows.Next() {
		var kind, key string
		var at, story int64
		_ = rows.Scan(&kind, &key, &at, &story)
		fmt.Fprintf(&sb, "alert %s %s %s story %d\n", kind, key, time.UnixMilli(at).UTC().Format("15:04"), story)
	}
	rows.Close()
	for _, b := range d.bursts {
		rows, err := db.QueryContext(ctx, `SELECT coalesce(s.story_id, 0), count(*) FROM posts p LEFT JOIN post_stories s ON s.post_id = p.id
			WHERE p.external_id = ANY($1) GROUP BY 1 ORDER BY 2 DESC`, b.ids)
		if err != nil {
			return err.Error()
		}
		fmt.Fprintf(&sb, "burst %s at %s: stories", b.tag, b.bucket.Format("15:04"))
		for rows.Next() {
			var story, n int64
			_ = rows.Scan(&story, &n)
			fmt.Fprintf(&sb, " %d:%d", story, n)
		}
		rows.Close()
		sb.WriteString("\n")
	}
	return sb.String()
}
