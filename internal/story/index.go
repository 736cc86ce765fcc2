package story

import (
	"slices"
	"sync"

	"github.com/factdesk/factdesk/internal/post"
)

// Reason says why a post was placed in its story.
type Reason string

// The reasons for a placement.
const (
	ReasonNew     Reason = "new"     // it started a story
	ReasonExact   Reason = "exact"   // same content hash as an earlier post
	ReasonURL     Reason = "url"     // same canonical URL as an earlier post
	ReasonSimilar Reason = "similar" // estimated similarity at or above the threshold
)

// Placement is where [Index.Place] put a post.
type Placement struct {
	StoryID    int64
	New        bool    // the post started the story
	Reason     Reason  // why it is there
	Similarity float64 // estimated Jaccard with the closest representative (1 for exact)
}

// Index places posts into stories online. It is safe for concurrent use;
// placements are serialised, fingerprints can be computed in parallel
// beforehand with [FingerprintOf].
//
// Memory per post is small: a post that joins a story adds only an entry to
// the content-hash table (and the URL table if it has a URL), about 16
// bytes each. A story keeps at most MaxReps compact signatures (128 bytes
// each) and their band keys (8 bytes per band), plus 40 bytes.
type Index struct {
	cfg Config

	mu      sync.Mutex
	stories []storyState // by story number
	sigs    sigArena     // compact signatures of representatives
	ids     keyTable     // story id -> story number
	bands   bandTable    // band key -> story numbers
	hashes  keyTable     // content hash -> story number
	urls    keyTable     // canonical URL -> story number
	nextSyn int64        // story ids for posts without an id
	cands   []uint32     // scratch
	placed  int64        // posts placed by similarity search
	checked int64        // candidate stories compared with them
}

type storyState struct {
	id   int64
	reps [maxReps]uint32 // sig arena numbers
	n    uint8
}

// syntheticBase starts the story ids given to posts that carry no id.
const syntheticBase = 1 << 62

// NewIndex returns an empty index. It fails only when cfg is out of range.
func NewIndex(cfg Config) (*Index, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Index{cfg: cfg.WithDefaults(), nextSyn: syntheticBase}, nil
}

// Config returns the index's configuration, defaults filled in.
func (ix *Index) Config() Config { return ix.cfg }

// Assign places p and returns its story's id and whether p started it.
// A story's id is the id of the post that started it, so p must carry its
// id (posts without one get ids from 2^62 up). Assigning the same post
// again gives the same story.
func (ix *Index) Assign(p post.Post) (storyID int64, isNew bool) {
	fp := FingerprintOf(&p)
	pl := ix.Place(p.ID, &fp)
	return pl.StoryID, pl.New
}

// Place places the post with id postID and fingerprint fp: into the story
// of an earlier post with the same content hash, else the same canonical
// URL, else the most similar story at or above the threshold among the LSH
// candidates, else a new story.
func (ix *Index) Place(postID int64, fp *Fingerprint) Placement {
	var keys [NumHashes]uint64
	for b := range ix.cfg.Bands {
		keys[b] = bandKey(&fp.Sig, b, ix.cfg.Rows)
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if s, ok := ix.hashes.get(fp.Hash); ok {
		ix.remember(s, fp)
		return Placement{StoryID: ix.stories[s].id, Reason: ReasonExact, Similarity: 1}
	}
	if fp.URL != 0 {
		if s, ok := ix.urls.get(fp.URL); ok {
			sim := ix.join(s, fp, keys[:ix.cfg.Bands])
			return Placement{StoryID: ix.stories[s].id, Reason: ReasonURL, Similarity: sim}
		}
	}
	if s, sim, ok := ix.nearest(fp, keys[:ix.cfg.Bands]); ok {
		ix.join(s, fp, keys[:ix.cfg.Bands])
		return Placement{StoryID: ix.stories[s].id, Reason: ReasonSimilar, Similarity: sim}
	}
	if postID == 0 {
		postID = ix.nextSyn
		ix.nextSyn++
	}
	s := ix.newStory(postID)
	ix.join(s, fp, keys[:ix.cfg.Bands])
	return Placement{StoryID: postID, New: true, Reason: ReasonNew, Similarity: 1}
}

// Add records that a post with fingerprint fp belongs to the story storyID,
// as read back from the store, updating the index exactly as [Index.Place]
// did when it placed the post. Replaying a store's assignments in post-id
// order through Add rebuilds the index the online placements built.
func (ix *Index) Add(storyID int64, fp *Fingerprint) {
	var keys [NumHashes]uint64
	for b := range ix.cfg.Bands {
		keys[b] = bandKey(&fp.Sig, b, ix.cfg.Rows)
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	s, ok := ix.ids.get(uint64(storyID))
	if !ok {
		s = ix.newStory(storyID)
	}
	if _, dup := ix.hashes.get(fp.Hash); dup {
		ix.remember(s, fp)
		return
	}
	ix.join(s, fp, keys[:ix.cfg.Bands])
}

// nearest returns the most similar story among the LSH candidates of fp,
// if one reaches the threshold. Ties go to the older story.
func (ix *Index) nearest(fp *Fingerprint, keys []uint64) (uint32, float64, bool) {
	c := ix.candidates(keys)
	ix.placed++
	ix.checked += int64(len(c))
	best, bestSim := uint32(0), -1.0
	for _, s := range c {
		if sim := ix.similarity(s, fp); sim > bestSim {
			best, bestSim = s, sim
		}
	}
	return best, bestSim, bestSim >= ix.cfg.Threshold
}

// candidates returns the stories that share a band key with keys, in
// story order, in scratch space valid until the next call.
func (ix *Index) candidates(keys []uint64) []uint32 {
	c := ix.cands[:0]
	for _, k := range keys {
		c = ix.bands.find(k, c)
	}
	slices.Sort(c)
	c = slices.Compact(c)
	ix.cands = c
	return c
}

// similarity is the highest estimated similarity of fp to the
// representatives of story s.
func (ix *Index) similarity(s uint32, fp *Fingerprint) float64 {
	st := &ix.stories[s]
	best := 0.0
	for _, r := range st.reps[:st.n] {
		best = max(best, compactJaccard(&fp.Sig, ix.sigs.at(r)))
	}
	return best
}

// newStory makes an empty story with the given id and returns its number.
func (ix *Index) newStory(id int64) uint32 {
	s := uint32(len(ix.stories))
	ix.stories = append(ix.stories, storyState{id: id})
	ix.ids.putNew(uint64(id), s)
	return s
}

// join adds a post to story s: it records its content hash and URL and
// makes it a representative when the story has room and the post is not
// already close to a representative. It returns the post's similarity to
// the story's representatives before it joined (1 for a new story).
func (ix *Index) join(s uint32, fp *Fingerprint, keys []uint64) float64 {
	ix.remember(s, fp)
	st := &ix.stories[s]
	if st.n == 0 {
		ix.addRep(s, fp, keys)
		return 1
	}
	sim := ix.similarity(s, fp)
	if int(st.n) < ix.cfg.MaxReps && sim < repDiversity {
		ix.addRep(s, fp, keys)
	}
	return sim
}

// remember maps the post's content hash and URL to story s, unless an
// earlier post holds them.
func (ix *Index) remember(s uint32, fp *Fingerprint) {
	ix.hashes.putNew(fp.Hash, s)
	if fp.URL != 0 {
		ix.urls.putNew(fp.URL, s)
	}
}

func (ix *Index) addRep(s uint32, fp *Fingerprint, keys []uint64) {
	st := &ix.stories[s]
	st.reps[st.n] = ix.sigs.add(compactOf(&fp.Sig))
	st.n++
	for _, k := range keys {
		ix.bands.add(k, s)
	}
}

// Stats describes an index.
type Stats struct {
	Stories int `json:"stories"`
	Reps    int `json:"representatives"`
	Bytes   int `json:"bytes"` // memory held by the index's tables, approximately
	// Candidates is the mean number of stories compared per similarity
	// search: the LSH tables' selectivity.
	Candidates float64 `json:"candidates"`
}

// Stats reports the index's size.
func (ix *Index) Stats() Stats {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	const storyBytes = 32
	return Stats{
		Candidates: float64(ix.checked) / float64(max(ix.placed, 1)),
		Stories:    len(ix.stories),
		Reps:       int(ix.sigs.n),
		Bytes: cap(ix.stories)*storyBytes + ix.sigs.bytes() + ix.ids.bytes() + ix.bands.bytes() +
			ix.hashes.bytes() + ix.urls.bytes(),
	}
}

// sigArena stores compact signatures in chunks, so that growing never
// copies them all.
type sigArena struct {
	chunks [][]compact
	n      uint32
}

const sigChunk = 1 << 14

func (a *sigArena) add(c compact) uint32 {
	i := a.n
	if int(i/sigChunk) == len(a.chunks) {
		a.chunks = append(a.chunks, make([]compact, 0, 16)) // grows by append up to sigChunk
	}
	a.chunks[i/sigChunk] = append(a.chunks[i/sigChunk], c)
	a.n++
	return i
}

func (a *sigArena) at(i uint32) *compact { return &a.chunks[i/sigChunk][i%sigChunk] }

func (a *sigArena) bytes() int {
	n := 0
	for _, c := range a.chunks {
		n += cap(c) * NumHashes
	}
	return n
}
