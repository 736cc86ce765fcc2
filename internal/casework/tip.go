package casework

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/store"
)

// Tip is a manual alert: something a person saw and wants the desk to look at.
type Tip struct {
	Text   string `json:"text"`
	URL    string `json:"url"`
	UnitID int64  `json:"unit_id"`
}

// FileTip raises a manual alert. Filing needs the analyst role in the unit
// named, or anywhere when none is named.
func (s *Service) FileTip(ctx context.Context, c Caller, t Tip) (store.Alert, error) {
	t.Text = strings.TrimSpace(t.Text)
	if t.Text == "" || utf8.RuneCountInString(t.Text) > MaxText {
		return store.Alert{}, apperr.InvalidFields(map[string]string{"text": fmt.Sprintf("say what you saw, in 1 to %d characters", MaxText)})
	}
	if t.UnitID != 0 {
		if err := c.Scope.Authorize(auth.Triage, t.UnitID, fmt.Sprintf("unit %d", t.UnitID)); err != nil {
			return store.Alert{}, err
		}
	} else if !c.Scope.Any(auth.Triage) {
		return store.Alert{}, apperr.Errorf(apperr.Forbidden, "Filing a tip needs the analyst role or above in a unit.")
	}
	var id [8]byte
	_, _ = rand.Read(id[:])
	now := s.Clock.Now().UTC()
	details, _ := json.Marshal(map[string]any{"url": t.URL, "by": c.Actor})
	a := store.Alert{Kind: "manual", Key: "tip:" + hex.EncodeToString(id[:]), UnitID: t.UnitID, BucketStart: now, At: now,
		Score: 0, Explanation: t.Text, Details: details}
	alerts := []store.Alert{a}
	if _, err := s.DB.InsertAlerts(ctx, alerts); err != nil {
		return store.Alert{}, err
	}
	return s.DB.Alert(ctx, alerts[0].ID)
}
