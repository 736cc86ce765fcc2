package match

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
)

// AlertKind is the kind of the alerts the stage raises.
const AlertKind = "known_claim"

// Store is what the stage needs of the store.
type Store interface {
	// InsertAlerts stores alerts, skipping any whose (kind, key, bucket
	// start) is already stored; it returns how many were inserted.
	InsertAlerts(ctx context.Context, alerts []store.Alert) (int, error)
	// ExtendAlert lets change update the stored alert (kind, key, bucket
	// start), reporting whether it is stored.
	ExtendAlert(ctx context.Context, kind, key string, bucket time.Time, change func(a *store.Alert) (bool, error)) (bool, error)
	// SaveClaimMatches stores post -> claim matches in one transaction,
	// leaving pairs stored before with the same score and reasons alone;
	// it returns how many rows it inserted or changed.
	SaveClaimMatches(ctx context.Context, matches []store.ClaimMatch) (int, error)
}

// MatchesPerPost is how many claims are kept for one post: its best
// matches at or above the suggestion threshold.
const MatchesPerPost = 3

// Stage is the pipeline step that matches newly stored posts against the
// claims: it has the method set of intake.Stage. A post scoring at least
// the alert threshold for a false or misleading claim raises a known_claim
// alert keyed "claim:<id>" in the day of the post's publication (UTC), so
// a claim spreading all day raises one alert, and redelivery none more.
// Every match of a new post scoring at least the suggestion threshold is
// stored (table post_claims), so that processes without an index (a
// scale-out serve) show the claims posts repeat, and a claim lists its
// posts.
type Stage struct {
	index *Index
	store Store
}

// NewStage returns a stage matching against ix and storing alerts in st.
func NewStage(ix *Index, st Store) *Stage { return &Stage{index: ix, store: st} }

// Index returns the stage's index.
func (s *Stage) Index() *Index { return s.index }

// Details is the JSON detail of a known_claim alert.
type Details struct {
	ClaimID   int64    `json:"claim_id"`
	Claim     string   `json:"claim"`
	Verdict   string   `json:"verdict"`
	ReviewURL string   `json:"review_url,omitempty"`
	Publisher string   `json:"publisher,omitempty"`
	Score     float64  `json:"score"`
	Posts     []int64  `json:"posts"`
	Count     int      `json:"count"`
	Reasons   []string `json:"reasons,omitempty"`
}

// Process matches each newly inserted post of a committed batch, raises
// the alerts and stores the matches. Processing a batch again stores
// nothing new.
func (s *Stage) Process(ctx context.Context, posts []post.Post, results []store.UpsertResult) error {
	if s.index.Len() == 0 { // an empty library matches nothing: skip the analysis
		return nil
	}
	alerts := newAlertSet(s.index)
	var matches []store.ClaimMatch
	for i := range posts {
		if i >= len(results) || results[i].Status != store.Inserted {
			continue
		}
		p := &posts[i]
		rs := s.match(p)
		matches = appendMatches(matches, results[i].ID, rs)
		for _, r := range rs {
			alerts.add(p, results[i].ID, r)
		}
	}
	if _, err := alerts.insert(ctx, s.store); err != nil {
		return fmt.Errorf("known claims: %w", err)
	}
	if len(matches) > 0 {
		if _, err := s.store.SaveClaimMatches(ctx, matches); err != nil {
			return fmt.Errorf("known claims: %w", err)
		}
	}
	return nil
}

// alertKey is a known_claim alert's identity: a claim in a day (UTC).
type alertKey struct {
	claim int64
	day   time.Time
}

// alertSet gathers the known_claim alerts of matched posts, one per claim
// and day of publication, in the order first seen.
type alertSet struct {
	index *Index
	found map[alertKey]*Details
	order []alertKey
}

func newAlertSet(ix *Index) *alertSet { return &alertSet{index: ix, found: map[alertKey]*Details{}} }

// add counts the match r of post p (stored with id) when it reaches the
// alert threshold for a claim rated false or misleading.
func (a *alertSet) add(p *post.Post, id int64, r Result) {
	c, ok := a.index.Claim(r.ClaimID)
	if r.Score < a.index.Config().AlertThreshold || !ok || !c.Verdict.Alarming() {
		return
	}
	k := alertKey{r.ClaimID, p.PublishedAt.UTC().Truncate(24 * time.Hour)}
	d := a.found[k]
	if d == nil {
		d = &Details{ClaimID: c.ID, Claim: c.Text, Verdict: string(c.Verdict), ReviewURL: c.ReviewURL, Publisher: c.Publisher, Reasons: r.Reasons}
		a.found[k] = d
		a.order = append(a.order, k)
	}
	d.Score = max(d.Score, r.Score)
	d.Posts = append(d.Posts, id)
	d.Count = len(d.Posts)
}

// insert stores the alerts gathered, skipping those already stored; it
// returns how many it inserted.
func (a *alertSet) insert(ctx context.Context, st Store) (int, error) {
	if len(a.order) == 0 {
		return 0, nil
	}
	alerts := make([]store.Alert, 0, len(a.order))
	for _, k := range a.order {
		d := a.found[k]
		raw, err := json.Marshal(d)
		if err != nil {
			return 0, err
		}
		alerts = append(alerts, store.Alert{
			Kind: AlertKind, Key: "claim:" + strconv.FormatInt(k.claim, 10), ClaimID: k.claim,
			BucketStart: k.day, At: k.day, Score: d.Score, Explanation: Explain(*d, "en"), Details: raw,
		})
	}
	n, err := st.InsertAlerts(ctx, alerts)
	if err != nil {
		return 0, err
	}
	// An alert already raised for the claim and day gathers the new posts.
	for i := range alerts {
		if alerts[i].ID != 0 {
			continue
		}
		d := a.found[a.order[i]]
		if _, err := st.ExtendAlert(ctx, AlertKind, alerts[i].Key, alerts[i].BucketStart, func(al *store.Alert) (bool, error) {
			return gather(al, d)
		}); err != nil {
			return n, err
		}
	}
	return n, nil
}

// maxAlertPosts caps the post ids an alert lists; its count goes on.
const maxAlertPosts = 1000

// gather adds the posts of d, found in a later batch, to the stored alert
// al of the same claim and day; it reports whether al changed (a batch
// processed again changes nothing).
func gather(al *store.Alert, d *Details) (bool, error) {
	var old Details
	if err := json.Unmarshal(al.Details, &old); err != nil {
		return false, fmt.Errorf("alert %d: details: %w", al.ID, err)
	}
	added := 0
	for _, id := range d.Posts {
		if slices.Contains(old.Posts, id) {
			continue
		}
		added++
		if len(old.Posts) < maxAlertPosts {
			old.Posts = append(old.Posts, id)
		}
	}
	if added == 0 {
		return false, nil
	}
	old.Count += added
	if d.Score > old.Score {
		old.Score, old.Reasons = d.Score, d.Reasons
	}
	raw, err := json.Marshal(old)
	if err != nil {
		return false, err
	}
	al.Details, al.Score, al.Explanation = raw, max(al.Score, old.Score), Explain(old, "en")
	return true, nil
}

// match returns a post's best MatchesPerPost claims scoring at least the
// lower of the suggestion and alert thresholds, best first. Scores do not
// depend on the minimum asked, so the matches at or above the alert
// threshold are the ones an alert-only match would find.
func (s *Stage) match(p *post.Post) []Result {
	cfg := s.index.Config()
	return s.index.Match(p.Title+"\n"+p.Text, Options{K: MatchesPerPost, Lang: p.Lang, At: p.PublishedAt,
		MinScore: min(cfg.SuggestThreshold, cfg.AlertThreshold)})
}

// appendMatches adds a post's results as rows to store.
func appendMatches(dst []store.ClaimMatch, postID int64, rs []Result) []store.ClaimMatch {
	for _, r := range rs {
		dst = append(dst, store.ClaimMatch{PostID: postID, ClaimID: r.ClaimID, Score: r.Score, Reasons: r.Reasons})
	}
	return dst
}

// Replacer replaces the stored matches of posts. *store.DB is one.
type Replacer interface {
	// ReplaceClaimMatches makes matches the stored matches of postIDs in
	// one transaction; it returns the rows written and deleted.
	ReplaceClaimMatches(ctx context.Context, postIDs []int64, matches []store.ClaimMatch) (written, deleted int, err error)
}

// Rematch matches stored posts (with their ids) again against the index
// as Process matches new ones, and replaces their stored matches with the
// result in one transaction: a claim added or edited since they were
// stored is found, one they no longer match is dropped. It raises no
// alerts (the posts are old news). It returns how many posts matched a
// claim and the rows written and deleted; again on the same library it
// writes and deletes nothing.
func (s *Stage) Rematch(ctx context.Context, st Replacer, posts []post.Post) (matched, written, deleted int, err error) {
	written, deleted, err = s.rematchBatch(ctx, st, posts, func(_ *post.Post, rs []Result) {
		if len(rs) > 0 {
			matched++
		}
	})
	if err != nil {
		return 0, 0, 0, fmt.Errorf("rematch: %w", err)
	}
	return matched, written, deleted, nil
}
