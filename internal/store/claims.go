package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/audit"
	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/text"
)

// What UpsertClaims did with each claim.
const (
	ClaimInserted  = "inserted"
	ClaimUpdated   = "updated"
	ClaimUnchanged = "unchanged"
)

// UpsertOutcome is what UpsertClaims did with one claim.
type UpsertOutcome struct {
	ID     int64  `json:"id"`
	Status string `json:"status"` // ClaimInserted, ClaimUpdated or ClaimUnchanged
}

// ClaimFilter selects claims for Claims. Zero fields select everything.
type ClaimFilter struct {
	Query   string        // a substring of the folded text, title or summary (diacritics and case ignored)
	Verdict claim.Verdict // one verdict
	Lang    string        // one language code
	Limit   int           // at most this many (0: 100)
	Offset  int
}

const claimColumns = `id, key, text, title, claimant, claim_date, appearances, verdict, rating_text, review_url,
	publisher, lang, review_date, summary, evidence, tags, created_at, updated_at`

func scanClaim(row interface{ Scan(...any) error }) (claim.Claim, error) {
	var c claim.Claim
	var claimDate, reviewDate sql.NullInt64
	var apps, evidence, tags string
	var created, updated int64
	if err := row.Scan(&c.ID, &c.Key, &c.Text, &c.Title, &c.Claimant, &claimDate, &apps, &c.Verdict, &c.RatingText, &c.ReviewURL,
		&c.Publisher, &c.Lang, &reviewDate, &c.Summary, &evidence, &tags, &created, &updated); err != nil {
		return claim.Claim{}, err
	}
	for _, l := range []struct {
		raw string
		dst *[]string
	}{{apps, &c.Appearances}, {evidence, &c.Evidence}, {tags, &c.Tags}} {
		if err := json.Unmarshal([]byte(l.raw), l.dst); err != nil {
			return claim.Claim{}, fmt.Errorf("claim %d: list: %w", c.ID, err)
		}
		if len(*l.dst) == 0 {
			*l.dst = nil
		}
	}
	c.ClaimDate, c.ReviewDate = fromMillis(claimDate), fromMillis(reviewDate)
	c.CreatedAt, c.UpdatedAt = time.UnixMilli(created).UTC(), time.UnixMilli(updated).UTC()
	return c, nil
}

// claimArgs are the stored values of c's content columns, in the order of
// claimContent.
func claimArgs(c claim.Claim) []any {
	return []any{c.Key, c.Text, c.Title, c.Claimant, nullTime(c.ClaimDate), jsonList(c.Appearances), string(c.Verdict),
		c.RatingText, c.ReviewURL, c.Publisher, c.Lang, nullTime(c.ReviewDate), c.Summary, jsonList(c.Evidence),
		jsonList(c.Tags), foldedClaim(c)}
}

const claimContent = "key, text, title, claimant, claim_date, appearances, verdict, rating_text, review_url, publisher, lang, review_date, summary, evidence, tags, folded"

func jsonList(l []string) string {
	if len(l) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(l) // a []string always encodes
	return string(b)
}

// foldedClaim is what Query searches: the folded text, title and summary.
func foldedClaim(c claim.Claim) string {
	return text.Fold(c.Text + "\n" + c.Title + "\n" + c.Summary)
}

// UpsertClaims stores claims, identified by their Key: a new key is
// inserted, a known one updated when its content differs and left alone
// otherwise, so importing the same file twice changes nothing. Each claim is
// normalized first (see claim.Normalize); an invalid one fails the whole
// call with apperr Invalid naming its position. Every insert and update
// writes an audit event (claim.create, claim.update) in the same
// transaction. Outcomes are in the order of claims.
func (db *DB) UpsertClaims(ctx context.Context, actor string, claims []claim.Claim) ([]UpsertOutcome, error) {
	for i := range claims {
		if err := claim.Normalize(&claims[i]); err != nil {
			return nil, apperr.Errorf(apperr.Invalid, "claim %d: %v", i+1, err)
		}
	}
	out := make([]UpsertOutcome, len(claims))
	err := db.Update(ctx, func(tx *Tx) error {
		now := tx.db.clock.Now().UTC().Truncate(time.Millisecond)
		for i, c := range claims {
			o, err := tx.upsertClaim(ctx, actor, c, now)
			if err != nil {
				return err
			}
			out[i] = o
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("upsert claims: %w", err)
	}
	return out, nil
}

func (tx *Tx) upsertClaim(ctx context.Context, actor string, c claim.Claim, now time.Time) (UpsertOutcome, error) {
	old, err := scanClaim(tx.queryRow(ctx, "SELECT "+claimColumns+" FROM claims WHERE key = ?", c.Key))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		id, err := tx.insertClaim(ctx, actor, c, now)
		return UpsertOutcome{ID: id, Status: ClaimInserted}, err
	case err != nil:
		return UpsertOutcome{}, fmt.Errorf("find claim %q: %w", c.Key, translate(err))
	case claim.SameContent(old, c):
		return UpsertOutcome{ID: old.ID, Status: ClaimUnchanged}, nil
	}
	c.ID = old.ID
	return UpsertOutcome{ID: old.ID, Status: ClaimUpdated}, tx.updateClaim(ctx, actor, old, c, now)
}

func (tx *Tx) insertClaim(ctx context.Context, actor string, c claim.Claim, now time.Time) (int64, error) {
	var id int64
	args := append(claimArgs(c), now.UnixMilli(), now.UnixMilli())
	err := tx.queryRow(ctx, "INSERT INTO claims ("+claimContent+", created_at, updated_at) VALUES ("+
		strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")+") RETURNING id", args...).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert claim %q: %w", c.Key, translate(err))
	}
	return id, tx.Record(ctx, audit.Event{Actor: actor, Action: "claim.create", ObjectType: "claim",
		ObjectID: strconv.FormatInt(id, 10), Details: map[string]any{"key": c.Key, "verdict": string(c.Verdict)}})
}

// updateClaim writes c over old (same id) and records which fields changed.
func (tx *Tx) updateClaim(ctx context.Context, actor string, old, c claim.Claim, now time.Time) error {
	set := strings.ReplaceAll(claimContent, ",", " = ?,") + " = ?, updated_at = ?"
	args := append(claimArgs(c), now.UnixMilli(), c.ID)
	if _, err := tx.exec(ctx, "UPDATE claims SET "+set+" WHERE id = ?", args...); err != nil {
		return fmt.Errorf("update claim %d: %w", c.ID, err)
	}
	details := map[string]any{"key": c.Key, "changed": changedFields(old, c)}
	if old.Verdict != c.Verdict {
		details["verdict"] = string(c.Verdict)
		details["old_verdict"] = string(old.Verdict)
	}
	return tx.Record(ctx, audit.Event{Actor: actor, Action: "claim.update", ObjectType: "claim",
		ObjectID: strconv.FormatInt(c.ID, 10), Details: details})
}

// changedFields names the content fields that differ between a and b.
func changedFields(a, b claim.Claim) []string {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	var ma, mb map[string]any
	_ = json.Unmarshal(ja, &ma)
	_ = json.Unmarshal(jb, &mb)
	var out []string
	for _, f := range strings.Split(claimContent, ", ") {
		if f == "folded" {
			continue
		}
		x, _ := json.Marshal(ma[f])
		y, _ := json.Marshal(mb[f])
		if string(x) != string(y) {
			out = append(out, f)
		}
	}
	return out
}

// UpdateClaim saves an edit of the claim with c.ID (from the Claims page),
// keeping its key unless c sets one, and records the change in the audit
// log. It returns the stored claim. Errors: apperr NotFound for no such
// claim, Invalid for a claim that does not normalize, Conflict for a key
// another claim has.
func (db *DB) UpdateClaim(ctx context.Context, actor string, c claim.Claim) (claim.Claim, error) {
	var out claim.Claim
	err := db.Update(ctx, func(tx *Tx) error {
		old, err := scanClaim(tx.queryRow(ctx, "SELECT "+claimColumns+" FROM claims WHERE id = ?", c.ID))
		if err != nil {
			return notFound(err, fmt.Sprintf("claim %d", c.ID))
		}
		if c.Key == "" {
			c.Key = old.Key
		}
		if err := claim.Normalize(&c); err != nil {
			return apperr.Errorf(apperr.Invalid, "%v", err)
		}
		c.CreatedAt, c.UpdatedAt = old.CreatedAt, old.UpdatedAt
		if claim.SameContent(old, c) {
			out = old
			return nil
		}
		now := tx.db.clock.Now().UTC().Truncate(time.Millisecond)
		if err := tx.updateClaim(ctx, actor, old, c, now); err != nil {
			return err
		}
		c.UpdatedAt = now
		out = c
		return nil
	})
	if err != nil {
		return claim.Claim{}, fmt.Errorf("update claim: %w", err)
	}
	return out, nil
}

// Claim returns a claim by id, or apperr NotFound.
func (db *DB) Claim(ctx context.Context, id int64) (claim.Claim, error) {
	c, err := scanClaim(db.queryRow(ctx, "SELECT "+claimColumns+" FROM claims WHERE id = ?", id))
	if err != nil {
		return claim.Claim{}, notFound(err, fmt.Sprintf("claim %d", id))
	}
	return c, nil
}

// ClaimByKey returns the claim with that key, or apperr NotFound.
func (db *DB) ClaimByKey(ctx context.Context, key string) (claim.Claim, error) {
	c, err := scanClaim(db.queryRow(ctx, "SELECT "+claimColumns+" FROM claims WHERE key = ?", key))
	if err != nil {
		return claim.Claim{}, notFound(err, fmt.Sprintf("claim %q", key))
	}
	return c, nil
}

// Claims lists the claims that f selects, newest first (by id).
func (db *DB) Claims(ctx context.Context, f ClaimFilter) ([]claim.Claim, error) {
	q := "SELECT " + claimColumns + " FROM claims WHERE 1 = 1"
	var args []any
	if s := strings.TrimSpace(text.Fold(text.NormalizeSpace(text.NFC(f.Query)))); s != "" {
		q += ` AND folded LIKE ? ESCAPE '\'`
		args = append(args, "%"+likeEscaper.Replace(s)+"%")
	}
	if f.Verdict != "" {
		q += " AND verdict = ?"
		args = append(args, string(f.Verdict))
	}
	if f.Lang != "" {
		q += " AND lang = ?"
		args = append(args, strings.ToLower(f.Lang))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	q += fmt.Sprintf(" ORDER BY id DESC LIMIT %d OFFSET %d", limit, max(f.Offset, 0))
	return db.claims(ctx, "list claims", q, args...)
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// AllClaims returns up to limit claims with ids above afterID, in id order:
// pages for rebuilding the matcher's index (pass the last id seen).
func (db *DB) AllClaims(ctx context.Context, afterID int64, limit int) ([]claim.Claim, error) {
	if limit <= 0 {
		limit = 1000
	}
	return db.claims(ctx, "page claims", fmt.Sprintf("SELECT "+claimColumns+" FROM claims WHERE id > ? ORDER BY id LIMIT %d", limit), afterID)
}

// ClaimsChangedSince returns the claims inserted or updated at or after t,
// oldest change first, so an index can catch up with edits.
func (db *DB) ClaimsChangedSince(ctx context.Context, t time.Time) ([]claim.Claim, error) {
	return db.claims(ctx, "claims changed", "SELECT "+claimColumns+" FROM claims WHERE updated_at >= ? ORDER BY updated_at, id", t.UnixMilli())
}

func (db *DB) claims(ctx context.Context, what, q string, args ...any) ([]claim.Claim, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []claim.Claim
	for rows.Next() {
		c, err := scanClaim(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, translate(err))
	}
	return out, nil
}

// claimsFollowed names, in table signal_state (named watermarks kept by
// background work), how far the claim follower has gone.
const claimsFollowed = "claims-followed"

// ClaimsFollowedThrough returns the time through which the claim follower
// (the process running the stages) has matched the claims changed in the
// library against recent posts: zero before its first pass. A follower
// starting, or taking the stages over, goes on from there.
func (db *DB) ClaimsFollowedThrough(ctx context.Context) (time.Time, error) {
	st, err := db.SignalState(ctx, claimsFollowed)
	if apperr.Is(err, apperr.NotFound) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("claims followed: %w", err)
	}
	return st.Watermark, nil
}

// SetClaimsFollowedThrough records that the claims changed before t are
// matched.
func (db *DB) SetClaimsFollowedThrough(ctx context.Context, t time.Time) error {
	if err := db.SaveSignalState(ctx, SignalState{Name: claimsFollowed, Watermark: t, Data: []byte{}}); err != nil {
		return fmt.Errorf("claims followed: %w", err)
	}
	return nil
}
