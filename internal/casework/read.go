package casework

import (
	"context"
	"fmt"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/desk"
	"github.com/factdesk/factdesk/internal/store"
)

// Links are records to link to a case.
type Links struct {
	PostIDs  []int64 `json:"post_ids"`
	StoryIDs []int64 `json:"story_ids"`
	ClaimIDs []int64 `json:"claim_ids"`
}

// Link links posts, stories and claims to a case (editor).
func (s *Service) Link(ctx context.Context, c Caller, id int64, l Links) (desk.Case, error) {
	n := len(l.PostIDs) + len(l.StoryIDs) + len(l.ClaimIDs)
	if n == 0 || n > MaxLinks {
		return desk.Case{}, apperr.InvalidFields(map[string]string{"post_ids": fmt.Sprintf("give 1 to %d ids to link", MaxLinks)})
	}
	cs, err := s.Get(ctx, c, id)
	if err != nil {
		return cs, err
	}
	if err := c.Scope.Authorize(auth.Investigate, cs.UnitID, fmt.Sprintf("case %d", id)); err != nil {
		return desk.Case{}, err
	}
	return s.DB.LinkToCase(ctx, c.Actor, id, l.PostIDs, l.StoryIDs, l.ClaimIDs, nil, store.CaseEffects{Action: "case.link",
		Details: map[string]any{"post_ids": l.PostIDs, "story_ids": l.StoryIDs, "claim_ids": l.ClaimIDs}})
}

// Comments lists a case's comments.
func (s *Service) Comments(ctx context.Context, c Caller, id int64) ([]desk.Comment, error) {
	if _, err := s.Get(ctx, c, id); err != nil {
		return nil, err
	}
	return s.DB.Comments(ctx, id)
}

// Evidence lists a case's evidence items.
func (s *Service) Evidence(ctx context.Context, c Caller, id int64) ([]desk.Evidence, error) {
	if _, err := s.Get(ctx, c, id); err != nil {
		return nil, err
	}
	return s.DB.EvidenceOf(ctx, id)
}

// EvidenceItem reads one evidence item of a case, with its content.
func (s *Service) EvidenceItem(ctx context.Context, c Caller, caseID, id int64) (desk.Evidence, error) {
	if _, err := s.Get(ctx, c, caseID); err != nil {
		return desk.Evidence{}, err
	}
	e, err := s.DB.EvidenceItem(ctx, id)
	if err != nil || e.CaseID != caseID {
		return desk.Evidence{}, apperr.Errorf(apperr.NotFound, "case %d has no evidence %d", caseID, id)
	}
	return e, nil
}

// Notifications lists the caller's newest notifications.
func (s *Service) Notifications(ctx context.Context, c Caller, unreadOnly bool) ([]store.Notification, error) {
	return s.DB.Notifications(ctx, c.UserID, unreadOnly, 50)
}

// MarkRead marks the caller's notifications read.
func (s *Service) MarkRead(ctx context.Context, c Caller) error {
	return s.DB.MarkNotificationsRead(ctx, c.UserID)
}
