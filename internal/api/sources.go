package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/sourceadmin"
	"github.com/factdesk/factdesk/internal/store"
)

// sourceJSON is a source as the API shows it; secret settings are redacted.
type sourceJSON struct {
	ID           int64             `json:"id"`
	Kind         string            `json:"kind"`
	Name         string            `json:"name"`
	URL          string            `json:"url"`
	UnitID       *int64            `json:"unit_id"`
	Every        string            `json:"every"`
	EverySeconds int64             `json:"every_seconds"`
	Settings     map[string]string `json:"settings"`
	State        string            `json:"state"`
	Health       healthJSON        `json:"health"`
	CreatedAt    time.Time         `json:"created_at"`
}

// healthJSON is how a source has been doing.
type healthJSON struct {
	LastSuccessAt       *time.Time `json:"last_success_at"`
	LastError           string     `json:"last_error"`
	LastErrorAt         *time.Time `json:"last_error_at"`
	ConsecutiveFailures int        `json:"consecutive_failures"`
	ItemsTotal          int64      `json:"items_total"`
	ItemsPerDay         float64    `json:"items_per_day"`
	NextPollAt          *time.Time `json:"next_poll_at"`
}

func toSourceJSON(s store.Source) sourceJSON {
	out := sourceJSON{
		ID: s.ID, Kind: s.Kind, Name: s.Name, URL: s.URL,
		Every: sourceadmin.FormatEvery(s.Every), EverySeconds: int64(s.Every / time.Second),
		Settings: sourceadmin.RedactSettings(s.Settings), State: s.State, CreatedAt: s.CreatedAt,
		Health: healthJSON{
			LastSuccessAt: timePtr(s.LastSuccessAt), LastError: s.LastError, LastErrorAt: timePtr(s.LastErrorAt),
			ConsecutiveFailures: s.ConsecutiveFailures, ItemsTotal: s.ItemsTotal, ItemsPerDay: s.ItemsPerDay,
			NextPollAt: timePtr(s.NextPollAt),
		},
	}
	if s.UnitID != 0 {
		id := s.UnitID
		out.UnitID = &id
	}
	return out
}

// liveSource returns the source named by the {id} path value; a malformed
// id, a missing source and a removed one are all NotFound.
func (h *handler) liveSource(ctx context.Context, r *http.Request) (store.Source, error) {
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return store.Source{}, apperr.Errorf(apperr.NotFound, "source %q not found", raw)
	}
	s, err := h.store.Source(ctx, id)
	if err != nil {
		return store.Source{}, err
	}
	if s.State == store.SourceRemoved {
		return store.Source{}, apperr.Errorf(apperr.NotFound, "source %d not found", id)
	}
	return s, nil
}
