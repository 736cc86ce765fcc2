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
	"github.com/factdesk/factdesk/internal/publish"
	"github.com/factdesk/factdesk/internal/text"
)

const publicationColumns = `id, kind, slug, unit_id, case_id, status, title, summary, body_md, language, tags,
	claim_reviewed, claimant, claim_date, appearances, rating, rating_text, citations, author_id, approver_id,
	claim_id, version, created_at, updated_at, published_at, retracted_at, retract_reason`

func scanPublication(row interface{ Scan(...any) error }) (publish.Publication, error) {
	var p publish.Publication
	var caseID, author, approver, claimID, claimDate, published, retracted sql.NullInt64
	var tags, apps, cites string
	var created, updated int64
	if err := row.Scan(&p.ID, &p.Kind, &p.Slug, &p.UnitID, &caseID, &p.Status, &p.Title, &p.Summary, &p.BodyMD, &p.Language, &tags,
		&p.ClaimReviewed, &p.Claimant, &claimDate, &apps, &p.Rating, &p.RatingText, &cites, &author, &approver,
		&claimID, &p.Version, &created, &updated, &published, &retracted, &p.RetractReason); err != nil {
		return publish.Publication{}, err
	}
	for _, l := range []struct {
		raw string
		dst any
	}{{tags, &p.Tags}, {apps, &p.Appearances}, {cites, &p.Citations}} {
		if err := json.Unmarshal([]byte(l.raw), l.dst); err != nil {
			return publish.Publication{}, fmt.Errorf("publication %d: list: %w", p.ID, err)
		}
	}
	p.CaseID, p.AuthorID, p.ApproverID, p.ClaimID = caseID.Int64, author.Int64, approver.Int64, claimID.Int64
	p.ClaimDate, p.PublishedAt, p.RetractedAt = fromMillis(claimDate), fromMillis(published), fromMillis(retracted)
	p.CreatedAt, p.UpdatedAt = time.UnixMilli(created).UTC(), time.UnixMilli(updated).UTC()
	return p, nil
}

const publicationContent = `kind, slug, unit_id, case_id, status, title, summary, body_md, language, tags,
	claim_reviewed, claimant, claim_date, appearances, rating, rating_text, citations, author_id, approver_id,
	claim_id, version, folded, updated_at, published_at, retracted_at, retract_reason`

// publicationArgs are p's values in the order of publicationContent.
func publicationArgs(p publish.Publication) []any {
	cites, _ := json.Marshal(p.Citations) // plain structs always encode
	if len(p.Citations) == 0 {
		cites = []byte("[]")
	}
	return []any{string(p.Kind), p.Slug, p.UnitID, nullID(p.CaseID), string(p.Status), p.Title, p.Summary, p.BodyMD, p.Language,
		jsonList(p.Tags), p.ClaimReviewed, p.Claimant, nullTime(p.ClaimDate), jsonList(p.Appearances), string(p.Rating),
		p.RatingText, string(cites), nullID(p.AuthorID), nullID(p.ApproverID), nullID(p.ClaimID), p.Version,
		foldedPublication(p), p.UpdatedAt.UnixMilli(), nullTime(p.PublishedAt), nullTime(p.RetractedAt), p.RetractReason}
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// foldedPublication is what a search of the public list reads.
func foldedPublication(p publish.Publication) string {
	return text.Fold(strings.Join([]string{p.Title, p.Summary, p.ClaimReviewed, p.Claimant, strings.Join(p.Tags, " ")}, "\n"))
}

// CreatePublication stores a new publication (already checked by
// publish.CheckCreate) with an audit event, choosing a free slug from its
// title when it has none (or the one asked for is taken, with a numbered
// suffix). Errors: Invalid for a unit or case that does not exist.
func (db *DB) CreatePublication(ctx context.Context, actor string, p publish.Publication) (publish.Publication, error) {
	err := db.Update(ctx, func(tx *Tx) error {
		now := tx.db.clock.Now().UTC().Truncate(time.Millisecond)
		p.CreatedAt, p.UpdatedAt = now, now
		slug, err := tx.freeSlug(ctx, p)
		if err != nil {
			return err
		}
		p.Slug = slug
		args := append(publicationArgs(p), now.UnixMilli())
		if err := tx.queryRow(ctx, "INSERT INTO publications ("+publicationContent+", created_at) VALUES ("+
			strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")+") RETURNING id", args...).Scan(&p.ID); err != nil {
			return fmt.Errorf("insert publication: %w", translate(err))
		}
		return tx.Record(ctx, audit.Event{Actor: actor, Action: "publication.create", ObjectType: "publication",
			ObjectID: strconv.FormatInt(p.ID, 10), Details: map[string]any{"kind": string(p.Kind), "unit_id": p.UnitID, "case_id": p.CaseID, "slug": p.Slug}})
	})
	if err != nil {
		return publish.Publication{}, fmt.Errorf("create publication: %w", err)
	}
	return p, nil
}

// freeSlug is p's slug, or one made from its title, with "-2", "-3"...
// added until no other publication has it.
func (tx *Tx) freeSlug(ctx context.Context, p publish.Publication) (string, error) {
	base := p.Slug
	if base == "" {
		base = publish.Slugify(p.Title)
	}
	if base == "" {
		base = string(p.Kind)
	}
	base = strings.ReplaceAll(base, "_", "-")
	for n := 1; ; n++ {
		s := base
		if n > 1 {
			s = base + "-" + strconv.Itoa(n)
		}
		var id int64
		err := tx.queryRow(ctx, "SELECT id FROM publications WHERE slug = ?", s).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return s, nil
		}
		if err != nil {
			return "", fmt.Errorf("find slug %q: %w", s, translate(err))
		}
	}
}

// ChangePublication applies a workflow step to publication id in one
// transaction: the step sees the publication and its unit's settings and
// decides; the store then saves the publication, writes a new version
// when asked, upserts the claims-library record and sets a linked case to
// published when asked, and records the audit event. Errors: NotFound for
// no such publication, and whatever the step returns.
func (db *DB) ChangePublication(ctx context.Context, actor string, id int64, step publish.Step) (publish.Publication, publish.Change, error) {
	var p publish.Publication
	var ch publish.Change
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		if p, err = scanPublication(tx.queryRow(ctx, "SELECT "+publicationColumns+" FROM publications WHERE id = ?", id)); err != nil {
			return notFound(err, fmt.Sprintf("publication %d", id))
		}
		s, err := tx.publishSettings(ctx, p.UnitID)
		if err != nil {
			return err
		}
		now := tx.db.clock.Now().UTC().Truncate(time.Millisecond)
		if ch, err = step(&p, s, now); err != nil {
			return err
		}
		p.UpdatedAt = now
		return tx.savePublication(ctx, actor, &p, ch, now)
	})
	if err != nil {
		return publish.Publication{}, publish.Change{}, fmt.Errorf("change publication %d: %w", id, err)
	}
	return p, ch, nil
}

func (tx *Tx) savePublication(ctx context.Context, actor string, p *publish.Publication, ch publish.Change, now time.Time) error {
	if ch.Claim != nil {
		c := *ch.Claim
		if err := claim.Normalize(&c); err != nil {
			return apperr.Errorf(apperr.Invalid, "claims library: %v", err)
		}
		o, err := tx.upsertClaim(ctx, actor, c, now)
		if err != nil {
			return fmt.Errorf("claims library: %w", err)
		}
		p.ClaimID = o.ID
	}
	set := strings.ReplaceAll(publicationContent, ",", " = ?,") + " = ?"
	if _, err := tx.exec(ctx, "UPDATE publications SET "+set+" WHERE id = ?", append(publicationArgs(*p), p.ID)...); err != nil {
		return fmt.Errorf("save publication %d: %w", p.ID, err)
	}
	if ch.NewVersion {
		snap, err := json.Marshal(p)
		if err != nil {
			return fmt.Errorf("snapshot publication %d: %w", p.ID, err)
		}
		if _, err := tx.exec(ctx, "INSERT INTO publication_versions (publication_id, version, change_note, snapshot, published_by, published_at) VALUES (?, ?, ?, ?, ?, ?)",
			p.ID, p.Version, ch.ChangeNote, string(snap), nullID(userOf(actor)), now.UnixMilli()); err != nil {
			return fmt.Errorf("save version %d of publication %d: %w", p.Version, p.ID, err)
		}
	}
	if ch.PublishCase && p.CaseID != 0 {
		if err := tx.publishCase(ctx, actor, p.CaseID, p.ID, now); err != nil {
			return err
		}
	}
	details := map[string]any{"status": string(p.Status)}
	for k, v := range ch.Details {
		details[k] = v
	}
	if p.ClaimID != 0 && ch.Claim != nil {
		details["claim_id"] = p.ClaimID
	}
	return tx.Record(ctx, audit.Event{Actor: actor, Action: ch.Action, ObjectType: "publication",
		ObjectID: strconv.FormatInt(p.ID, 10), Details: details})
}

// publishCase marks the case a fact-check came from as published.
func (tx *Tx) publishCase(ctx context.Context, actor string, caseID, pubID int64, now time.Time) error {
	res, err := tx.exec(ctx, "UPDATE cases SET status = 'published', published_at = ?, updated_at = ? WHERE id = ?", now.UnixMilli(), now.UnixMilli(), caseID)
	if err != nil {
		return fmt.Errorf("mark case %d published: %w", caseID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return nil // the case is gone; the publication stands on its own
	}
	return tx.Record(ctx, audit.Event{Actor: actor, Action: "case.publish", ObjectType: "case",
		ObjectID: strconv.FormatInt(caseID, 10), Details: map[string]any{"publication_id": pubID}})
}

// userOf is the user id of an actor "user:12", or 0.
func userOf(actor string) int64 {
	id, err := strconv.ParseInt(strings.TrimPrefix(actor, "user:"), 10, 64)
	if err != nil || !strings.HasPrefix(actor, "user:") {
		return 0
	}
	return id
}
