package signal

// bucket holds the counts of one open bucket.
type bucket struct {
	n     int64              // bucket index: start / width
	posts map[int64]struct{} // posts counted, so a redelivered post counts once
	total int                // posts counted, with or without an id
	cells map[Key]*cell      // per key
}

// newBucket returns an empty bucket sized for the given numbers of posts
// and keys (those of the last bucket closed).
func newBucket(n int64, posts, keys int) *bucket {
	return &bucket{n: n, posts: make(map[int64]struct{}, posts), cells: make(map[Key]*cell, keys)}
}

// cell counts one key in one bucket.
type cell struct {
	count   int32
	at      int64 // latest event time, Unix ms
	sources sourceSet
	stories storyTally // for terms: which story the posts belong to
}

func (c *cell) add(at int64, src uint64, story int64) {
	c.count++
	c.at = max(c.at, at)
	c.sources.add(src)
	if story != 0 {
		c.stories.add(story)
	}
}

// maxSources caps the distinct sources remembered per cell; past it the
// count reads as the cap.
const maxSources = 4096

// sourceSet counts distinct source keys, allocating only past four.
type sourceSet struct {
	few  [4]uint64
	n    uint8
	more map[uint64]struct{}
}

func (s *sourceSet) add(k uint64) {
	for i := range s.n {
		if s.few[i] == k {
			return
		}
	}
	if int(s.n) < len(s.few) {
		s.few[s.n] = k
		s.n++
		return
	}
	if s.more == nil {
		s.more = map[uint64]struct{}{}
	}
	if len(s.more) < maxSources {
		s.more[k] = struct{}{}
	}
}

func (s *sourceSet) len() int { return int(s.n) + len(s.more) }

// storyTally counts a term's posts per story, exactly, so that the story
// a term alert names does not depend on the order posts arrived in. Most
// terms fall in one or two stories: a short slice, then a map.
type storyTally struct {
	few  []storyCount
	more map[int64]int32
}

type storyCount struct {
	id int64
	n  int32
}

const tallyFew = 8

func (t *storyTally) add(story int64) {
	if t.more != nil {
		t.more[story]++
		return
	}
	for i := range t.few {
		if t.few[i].id == story {
			t.few[i].n++
			return
		}
	}
	if len(t.few) < tallyFew {
		t.few = append(t.few, storyCount{story, 1})
		return
	}
	t.more = make(map[int64]int32, 2*tallyFew)
	for _, sc := range t.few {
		t.more[sc.id] = sc.n
	}
	t.more[story]++
	t.few = nil
}

// count returns the posts counted for story.
func (t *storyTally) count(story int64) int32 {
	if t.more != nil {
		return t.more[story]
	}
	for _, sc := range t.few {
		if sc.id == story {
			return sc.n
		}
	}
	return 0
}

// top returns the story with the most posts (the lowest id on a tie) and
// its count.
func (t *storyTally) top() (int64, int32) {
	var id int64
	var n int32
	better := func(i int64, c int32) {
		if c > n || (c == n && i < id) {
			id, n = i, c
		}
	}
	for _, sc := range t.few {
		better(sc.id, sc.n)
	}
	for i, c := range t.more {
		better(i, c)
	}
	return id, n
}
