package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/text"
)

// StoryBucketSize is the width of a story's time buckets.
const StoryBucketSize = 10 * time.Minute

// MaxStoryTerms bounds the top terms kept per story.
const MaxStoryTerms = 20

// Story is a group of posts that say the same thing. Its id is the id of
// the post that started it, which is also its representative post.
type Story struct {
	ID                   int64       `json:"id"`
	FirstSeen            time.Time   `json:"first_seen"` // earliest published_at of its posts
	LastSeen             time.Time   `json:"last_seen"`  // latest published_at of its posts
	PostCount            int         `json:"post_count"`
	SourceCount          int         `json:"source_count"`
	RepresentativePostID int64       `json:"representative_post_id"`
	TopTerms             []TermCount `json:"top_terms"`
	CreatedAt            time.Time   `json:"created_at"`
	UpdatedAt            time.Time   `json:"updated_at"`
}

// TermCount is a term and the number of a story's posts that use it.
type TermCount struct {
	Term  string `json:"term"`
	Count int    `json:"count"`
}

// StoryBucket is the number of a story's posts published in one bucket of
// [StoryBucketSize] starting at Start.
type StoryBucket struct {
	Start time.Time `json:"start"`
	Count int       `json:"count"`
}

// StorySource is the number of a story's posts from one source.
type StorySource struct {
	SourceID int64 `json:"source_id"`
	Posts    int   `json:"posts"`
}

// StoryAssignment places one post in a story, with what the story's
// counters need to know of the post.
type StoryAssignment struct {
	PostID      int64
	StoryID     int64
	SourceID    int64
	PublishedAt time.Time
	Terms       []string // the post's distinct content words, for the top terms
}

// SaveStoryAssignments stores assignments and updates their stories'
// counters in one transaction, and returns how many posts it assigned. It
// is idempotent: a post that already has a story keeps it and counts
// nothing again, so a redelivered batch changes nothing. A story that does
// not exist yet is created, with its own id as representative post.
//
// Top terms are kept approximately: the counts of at most [MaxStoryTerms]
// terms are kept, so a term that drops out of them starts again from zero.
func (db *DB) SaveStoryAssignments(ctx context.Context, as []StoryAssignment) (int, error) {
	n := 0
	err := db.Update(ctx, func(tx *Tx) error {
		ids := make([]int64, len(as))
		for i, a := range as {
			ids[i] = a.PostID
		}
		have, err := tx.postStoryIDs(ctx, ids)
		if err != nil {
			return err
		}
		fresh := make([]StoryAssignment, 0, len(as))
		for _, a := range as {
			if _, ok := have[a.PostID]; !ok {
				have[a.PostID] = a.StoryID
				fresh = append(fresh, a)
			}
		}
		n = len(fresh)
		return tx.saveAssignments(ctx, fresh)
	})
	if err != nil {
		return 0, fmt.Errorf("save story assignments: %w", err)
	}
	return n, nil
}

// storyDelta is what one batch adds to one story.
type storyDelta struct {
	first, last int64 // Unix ms
	posts       int
	sources     map[int64]int
	buckets     map[int64]int
	terms       map[string]int
}

func (tx *Tx) saveAssignments(ctx context.Context, as []StoryAssignment) error {
	if len(as) == 0 {
		return nil
	}
	deltas, storyIDs := groupAssignments(as)
	existing, err := tx.storiesByID(ctx, storyIDs)
	if err != nil {
		return err
	}
	now := tx.db.clock.Now().UnixMilli()
	// New stories, their sources and buckets are inserted many rows per
	// statement; stories that grow are updated one by one.
	var stories, sources, buckets []any
	var st *storyStmts
	defer func() { st.close() }()
	for _, id := range storyIDs {
		d := deltas[id]
		if old := existing[id]; old != nil {
			if st == nil {
				if st, err = tx.prepareStoryStmts(ctx); err != nil {
					return err
				}
			}
			if err := st.grow(ctx, id, d, old, now); err != nil {
				return err
			}
			continue
		}
		terms := encodeTerms(mergeTerms(nil, d.terms))
		stories = append(stories, id, d.first, d.last, d.posts, len(d.sources), id, terms, now, now)
		for src, n := range d.sources {
			sources = append(sources, id, src, n)
		}
		for start, n := range d.buckets {
			buckets = append(buckets, id, start, n)
		}
	}
	assigned := make([]any, 0, 2*len(as))
	for _, a := range as {
		assigned = append(assigned, a.PostID, a.StoryID)
	}
	for _, ins := range []struct {
		head string
		cols int
		args []any
	}{
		{"INSERT INTO stories (id, first_seen, last_seen, post_count, source_count, representative_post_id, top_terms, created_at, updated_at)", 9, stories},
		{"INSERT INTO story_sources (story_id, source_id, post_count)", 3, sources},
		{"INSERT INTO story_buckets (story_id, bucket_start, post_count)", 3, buckets},
		{"INSERT INTO post_stories (post_id, story_id)", 2, assigned},
	} {
		if err := tx.insertMany(ctx, ins.head, ins.cols, ins.args); err != nil {
			return err
		}
	}
	return nil
}

// groupAssignments sums what a batch adds to each story, and returns the
// story ids in order.
func groupAssignments(as []StoryAssignment) (map[int64]*storyDelta, []int64) {
	deltas := map[int64]*storyDelta{}
	var ids []int64
	for _, a := range as {
		d := deltas[a.StoryID]
		ms := a.PublishedAt.UnixMilli()
		if d == nil {
			d = &storyDelta{first: ms, last: ms, sources: map[int64]int{}, buckets: map[int64]int{}, terms: map[string]int{}}
			deltas[a.StoryID] = d
			ids = append(ids, a.StoryID)
		}
		d.first, d.last, d.posts = min(d.first, ms), max(d.last, ms), d.posts+1
		d.sources[a.SourceID]++
		d.buckets[bucketStart(ms)]++
		for _, t := range a.Terms {
			d.terms[t]++
		}
	}
	slices.Sort(ids)
	return deltas, ids
}

// insertMany inserts rows of cols values each (flattened in args), up to
// 100 rows per statement.
func (tx *Tx) insertMany(ctx context.Context, head string, cols int, args []any) error {
	const perStmt = 100
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
	for len(args) > 0 {
		n := min(len(args)/cols, perStmt)
		q := head + " VALUES " + strings.TrimSuffix(strings.Repeat(row+",", n), ",")
		if _, err := tx.exec(ctx, q, args[:n*cols]...); err != nil {
			return fmt.Errorf("%s: %w", head, err)
		}
		args = args[n*cols:]
	}
	return nil
}

// storyStmts are the statements that grow a stored story.
type storyStmts struct {
	update, addSource, countSource, bucket *sql.Stmt
}

func (tx *Tx) prepareStoryStmts(ctx context.Context) (*storyStmts, error) {
	var st storyStmts
	for _, s := range []struct {
		dst **sql.Stmt
		q   string
	}{
		{&st.update, `UPDATE stories SET first_seen = ?, last_seen = ?, post_count = ?, source_count = source_count + ?,
			top_terms = ?, updated_at = ? WHERE id = ?`},
		{&st.addSource, `INSERT INTO story_sources (story_id, source_id, post_count) VALUES (?, ?, ?)
			ON CONFLICT (story_id, source_id) DO NOTHING`},
		{&st.countSource, "UPDATE story_sources SET post_count = post_count + ? WHERE story_id = ? AND source_id = ?"},
		{&st.bucket, `INSERT INTO story_buckets (story_id, bucket_start, post_count) VALUES (?, ?, ?)
			ON CONFLICT (story_id, bucket_start) DO UPDATE SET post_count = story_buckets.post_count + excluded.post_count`},
	} {
		stmt, err := tx.tx.PrepareContext(ctx, tx.db.rebind(s.q))
		if err != nil {
			st.close()
			return nil, fmt.Errorf("prepare story statements: %w", translate(err))
		}
		*s.dst = stmt
	}
	return &st, nil
}

// close frees the statements; st may be nil.
func (st *storyStmts) close() {
	if st == nil {
		return
	}
	for _, s := range []*sql.Stmt{st.update, st.addSource, st.countSource, st.bucket} {
		if s != nil {
			_ = s.Close() // closing a statement of a live transaction only frees it
		}
	}
}

// bucketStart floors a Unix-ms time to its story bucket.
func bucketStart(ms int64) int64 {
	size := StoryBucketSize.Milliseconds()
	b := ms / size * size
	if b > ms {
		b -= size
	}
	return b
}

// grow adds a batch's delta to a stored story: its row, sources and buckets.
func (st *storyStmts) grow(ctx context.Context, id int64, d *storyDelta, old *Story, now int64) error {
	first, last := min(old.FirstSeen.UnixMilli(), d.first), max(old.LastSeen.UnixMilli(), d.last)
	terms := encodeTerms(mergeTerms(old.TopTerms, d.terms))
	newSources, err := st.addSources(ctx, id, d.sources)
	if err != nil {
		return err
	}
	for start, n := range d.buckets {
		if _, err := st.bucket.ExecContext(ctx, id, start, n); err != nil {
			return fmt.Errorf("count bucket of story %d: %w", id, translate(err))
		}
	}
	if _, err := st.update.ExecContext(ctx, first, last, old.PostCount+d.posts, newSources, terms, now, id); err != nil {
		return fmt.Errorf("update story %d: %w", id, translate(err))
	}
	return nil
}

// addSources counts posts per source and returns how many sources are new
// to the story.
func (st *storyStmts) addSources(ctx context.Context, id int64, sources map[int64]int) (int, error) {
	added := 0
	for src, n := range sources {
		res, err := st.addSource.ExecContext(ctx, id, src, n)
		if err != nil {
			return 0, fmt.Errorf("count source %d of story %d: %w", src, id, translate(err))
		}
		if k, err := res.RowsAffected(); err != nil {
			return 0, fmt.Errorf("count source %d of story %d: %w", src, id, err)
		} else if k == 1 {
			added++
			continue
		}
		if _, err := st.countSource.ExecContext(ctx, n, id, src); err != nil {
			return 0, fmt.Errorf("count source %d of story %d: %w", src, id, translate(err))
		}
	}
	return added, nil
}

// mergeTerms adds counts to a story's top terms and keeps the
// MaxStoryTerms most frequent. Terms are matched by their folded form, so
// "giả" and "gia" count as one, shown with diacritics when any post had them.
func mergeTerms(top []TermCount, counts map[string]int) []TermCount {
	byKey := make(map[string]int, len(top)+len(counts)) // folded term -> index in out
	out := make([]TermCount, 0, len(top)+len(counts))
	add := func(term string, n int) {
		key := text.Fold(term)
		i, ok := byKey[key]
		if !ok {
			byKey[key] = len(out)
			out = append(out, TermCount{Term: term, Count: n})
			return
		}
		out[i].Count += n
		if out[i].Term == key && term != key {
			out[i].Term = term // prefer the form with diacritics
		}
	}
	for _, t := range top {
		add(t.Term, t.Count)
	}
	for t, n := range counts {
		add(t, n)
	}
	slices.SortFunc(out, func(a, b TermCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Term, b.Term))
	})
	return out[:min(len(out), MaxStoryTerms)]
}

// encodeTerms writes top terms compactly for the stories table, as a JSON
// array of [term, count] pairs.
func encodeTerms(terms []TermCount) string {
	pairs := make([][2]any, len(terms))
	for i, t := range terms {
		pairs[i] = [2]any{t.Term, t.Count}
	}
	b, _ := json.Marshal(pairs) // strings and ints always encode
	return string(b)
}

// decodeTerms reads what encodeTerms wrote.
func decodeTerms(s string) ([]TermCount, error) {
	var pairs [][2]any
	if err := json.Unmarshal([]byte(s), &pairs); err != nil {
		return nil, err
	}
	out := make([]TermCount, len(pairs))
	for i, p := range pairs {
		term, ok1 := p[0].(string)
		count, ok2 := p[1].(float64)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("top term %d is not a [term, count] pair", i)
		}
		out[i] = TermCount{Term: term, Count: int(count)}
	}
	return out, nil
}

// inChunks calls fn with ids in chunks small enough for one IN list.
func inChunks(ids []int64, fn func(marks string, args []any) error) error {
	const chunk = 500
	for len(ids) > 0 {
		c := ids[:min(len(ids), chunk)]
		ids = ids[len(c):]
		args := make([]any, len(c))
		for i, id := range c {
			args[i] = id
		}
		if err := fn(strings.TrimSuffix(strings.Repeat("?,", len(c)), ","), args); err != nil {
			return err
		}
	}
	return nil
}

// postStoryIDs returns the story of each of the posts that has one.
func (tx *Tx) postStoryIDs(ctx context.Context, postIDs []int64) (map[int64]int64, error) {
	return postStoryIDs(ctx, tx.query, postIDs)
}

// PostStoryIDs returns the story of each of the given posts that has one.
func (db *DB) PostStoryIDs(ctx context.Context, postIDs []int64) (map[int64]int64, error) {
	return postStoryIDs(ctx, db.query, postIDs)
}

func postStoryIDs(ctx context.Context, query func(context.Context, string, ...any) (*sql.Rows, error), postIDs []int64) (map[int64]int64, error) {
	out := make(map[int64]int64, len(postIDs))
	err := inChunks(postIDs, func(marks string, args []any) error {
		rows, err := query(ctx, "SELECT post_id, story_id FROM post_stories WHERE post_id IN ("+marks+")", args...)
		if err != nil {
			return fmt.Errorf("find stories of posts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var p, s int64
			if err := rows.Scan(&p, &s); err != nil {
				return fmt.Errorf("scan post story: %w", err)
			}
			out[p] = s
		}
		return rows.Err()
	})
	return out, err
}

const storyColumns = "id, first_seen, last_seen, post_count, source_count, representative_post_id, top_terms, created_at, updated_at"

func scanStory(row interface{ Scan(...any) error }) (Story, error) {
	var s Story
	var first, last, created, updated int64
	var terms string
	err := row.Scan(&s.ID, &first, &last, &s.PostCount, &s.SourceCount, &s.RepresentativePostID, &terms, &created, &updated)
	if err != nil {
		return Story{}, err
	}
	s.FirstSeen, s.LastSeen = time.UnixMilli(first).UTC(), time.UnixMilli(last).UTC()
	s.CreatedAt, s.UpdatedAt = time.UnixMilli(created).UTC(), time.UnixMilli(updated).UTC()
	if s.TopTerms, err = decodeTerms(terms); err != nil {
		return Story{}, fmt.Errorf("story %d: top terms: %w", s.ID, err)
	}
	return s, nil
}

// storiesByID reads the stored stories among ids.
func (tx *Tx) storiesByID(ctx context.Context, ids []int64) (map[int64]*Story, error) {
	out := map[int64]*Story{}
	err := inChunks(ids, func(marks string, args []any) error {
		rows, err := tx.query(ctx, "SELECT "+storyColumns+" FROM stories WHERE id IN ("+marks+")", args...)
		if err != nil {
			return fmt.Errorf("read stories: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			s, err := scanStory(rows)
			if err != nil {
				return fmt.Errorf("scan story: %w", err)
			}
			out[s.ID] = &s
		}
		return rows.Err()
	})
	return out, err
}

// Story returns one story, or NotFound.
func (db *DB) Story(ctx context.Context, id int64) (Story, error) {
	s, err := scanStory(db.queryRow(ctx, "SELECT "+storyColumns+" FROM stories WHERE id = ?", id))
	if err != nil {
		return Story{}, notFound(err, fmt.Sprintf("story %d", id))
	}
	return s, nil
}

// Story orders for StoryFilter.
const (
	StoriesRecent  = "recent"  // latest last_seen first (the default)
	StoriesLargest = "largest" // most posts first
)

// StoryFilter selects stories.
type StoryFilter struct {
	Since    time.Time // last seen at or after (zero: any)
	MinPosts int       // at least this many posts
	Order    string    // StoriesRecent or StoriesLargest
	Limit    int       // at most this many (default 100)
}

// Stories lists stories, ties broken by id (newest first).
func (db *DB) Stories(ctx context.Context, f StoryFilter) ([]Story, error) {
	q := "SELECT " + storyColumns + " FROM stories WHERE last_seen >= ? AND post_count >= ?"
	since := int64(-1 << 62)
	if !f.Since.IsZero() {
		since = f.Since.UnixMilli()
	}
	switch f.Order {
	case StoriesRecent, "":
		q += " ORDER BY last_seen DESC, id DESC"
	case StoriesLargest:
		q += " ORDER BY post_count DESC, id DESC"
	default:
		return nil, fmt.Errorf("list stories: unknown order %q", f.Order)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	rows, err := db.query(ctx, q+fmt.Sprintf(" LIMIT %d", limit), since, f.MinPosts)
	if err != nil {
		return nil, fmt.Errorf("list stories: %w", err)
	}
	defer rows.Close()
	var out []Story
	for rows.Next() {
		s, err := scanStory(rows)
		if err != nil {
			return nil, fmt.Errorf("scan story: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// StoryPosts returns up to limit posts of a story (default 100), the
// earliest published first.
func (db *DB) StoryPosts(ctx context.Context, storyID int64, limit int) ([]post.Post, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := db.query(ctx, "SELECT "+prefixed("p.", postColumns)+` FROM post_stories ps JOIN posts p ON p.id = ps.post_id
		WHERE ps.story_id = ? ORDER BY p.published_at, p.id LIMIT `+fmt.Sprint(limit), storyID)
	if err != nil {
		return nil, fmt.Errorf("list posts of story %d: %w", storyID, err)
	}
	defer rows.Close()
	var out []post.Post
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			return nil, fmt.Errorf("scan post: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// prefixed qualifies each column of a comma-separated list.
func prefixed(prefix, columns string) string {
	cols := strings.Split(columns, ",")
	for i, c := range cols {
		cols[i] = prefix + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}

// StoryBuckets returns a story's non-empty time buckets starting at or
// after since, in time order.
func (db *DB) StoryBuckets(ctx context.Context, storyID int64, since time.Time) ([]StoryBucket, error) {
	rows, err := db.query(ctx, `SELECT bucket_start, post_count FROM story_buckets WHERE story_id = ? AND bucket_start >= ?
		ORDER BY bucket_start`, storyID, bucketStart(since.UnixMilli()))
	if err != nil {
		return nil, fmt.Errorf("list buckets of story %d: %w", storyID, err)
	}
	defer rows.Close()
	var out []StoryBucket
	for rows.Next() {
		var start int64
		var b StoryBucket
		if err := rows.Scan(&start, &b.Count); err != nil {
			return nil, fmt.Errorf("scan story bucket: %w", err)
		}
		b.Start = time.UnixMilli(start).UTC()
		out = append(out, b)
	}
	return out, rows.Err()
}

// StorySources returns the number of a story's posts per source, the
// largest first.
func (db *DB) StorySources(ctx context.Context, storyID int64) ([]StorySource, error) {
	rows, err := db.query(ctx, `SELECT source_id, post_count FROM story_sources WHERE story_id = ?
		ORDER BY post_count DESC, source_id`, storyID)
	if err != nil {
		return nil, fmt.Errorf("list sources of story %d: %w", storyID, err)
	}
	defer rows.Close()
	var out []StorySource
	for rows.Next() {
		var s StorySource
		if err := rows.Scan(&s.SourceID, &s.Posts); err != nil {
			return nil, fmt.Errorf("scan story source: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// PostWithStory is a post as the story index reads it back, with its story
// (0 when it has none yet). Only ID, SourceID, URL, Title, Text, Lang,
// PublishedAt and ContentHash of the post are set.
type PostWithStory struct {
	Post    post.Post
	StoryID int64
}

// PostsWithStories pages through all posts in id order, after afterID, with
// their stories: what the story index is rebuilt from on start.
func (db *DB) PostsWithStories(ctx context.Context, afterID int64, limit int) ([]PostWithStory, error) {
	rows, err := db.query(ctx, `SELECT p.id, p.source_id, p.url, p.title, p.text, p.lang, p.published_at, p.content_hash,
		COALESCE(ps.story_id, 0) FROM posts p LEFT JOIN post_stories ps ON ps.post_id = p.id
		WHERE p.id > ? ORDER BY p.id LIMIT `+fmt.Sprint(max(limit, 1)), afterID)
	if err != nil {
		return nil, fmt.Errorf("list posts with stories: %w", err)
	}
	defer rows.Close()
	out := make([]PostWithStory, 0, max(limit, 1))
	for rows.Next() {
		var r PostWithStory
		var pub int64
		p := &r.Post
		if err := rows.Scan(&p.ID, &p.SourceID, &p.URL, &p.Title, &p.Text, &p.Lang, &pub, &p.ContentHash, &r.StoryID); err != nil {
			return nil, fmt.Errorf("scan post with story: %w", err)
		}
		p.PublishedAt = time.UnixMilli(pub).UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}
