package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	ucli "github.com/urfave/cli/v3"

	"github.com/factdesk/factdesk/internal/signal"
	"github.com/factdesk/factdesk/internal/store"
)

var (
	alertKinds    = []string{"spike_story", "new_story", "spike_term", "known_claim", "manual"}
	alertStatuses = []string{store.AlertOpen, store.AlertAccepted, store.AlertMerged, store.AlertDismissed}
)

func alertCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:  "alert",
		Usage: "alerts raised by spikes, new stories and known claims",
		Commands: []*ucli.Command{{
			Name:  "list",
			Usage: "list alerts, latest first",
			Description: "Each alert explains itself, e.g. \"story 12: 48 posts from 12 sources in the last 10 min; usually 3 ± 2\".\n" +
				"--since counts back from now in event time (when the posts were published), so alerts found in\n" +
				"imported history keep their own dates. JSON: a list of {id, kind, key, story, status, explanation, at, details, ...}.",
			Flags: []ucli.Flag{
				&ucli.StringFlag{Name: "status", Usage: "only alerts with this status: " + strings.Join(alertStatuses, ", ")},
				&ucli.StringSliceFlag{Name: "kind", Usage: "only alerts of this kind (repeatable): " + strings.Join(alertKinds, ", ")},
				&ucli.StringFlag{Name: "since", Usage: "only alerts of the last DURATION of event time, e.g. 90m, 24h, 7d"},
				&ucli.Int64Flag{Name: "story", Usage: "only alerts about this story"},
				&ucli.IntFlag{Name: "limit", Value: 100, Usage: "at most this many alerts"},
				&ucli.StringFlag{Name: "lang", Value: "en", Usage: "language of the explanations: en or vi"},
				jsonFlag(),
			},
			Action: func(ctx context.Context, cmd *ucli.Command) error { return alertList(ctx, cmd, env) },
		}},
	}
}

func alertList(ctx context.Context, cmd *ucli.Command, env Env) error {
	f := store.AlertFilter{Status: cmd.String("status"), Kinds: cmd.StringSlice("kind"), StoryID: cmd.Int64("story"), Limit: cmd.Int("limit")}
	if f.Status != "" && !slices.Contains(alertStatuses, f.Status) {
		return usageError("--status %q: want one of %s", f.Status, strings.Join(alertStatuses, ", "))
	}
	for _, k := range f.Kinds {
		if !slices.Contains(alertKinds, k) {
			return usageError("--kind %q: want one of %s", k, strings.Join(alertKinds, ", "))
		}
	}
	if f.Limit < 1 {
		return usageError("--limit %d: want at least 1", f.Limit)
	}
	if s := cmd.String("since"); s != "" {
		d, err := parseSinceDuration(s)
		if err != nil {
			return usageError("--since %q: %v", s, err)
		}
		f.Since = env.Clock.Now().Add(-d)
	}
	lang := cmd.String("lang")
	if lang != "en" && lang != "vi" {
		return usageError("--lang %q: want en or vi", lang)
	}
	return withStore(ctx, cmd, env, func(db *store.DB) error {
		alerts, err := db.Alerts(ctx, f)
		if err != nil {
			return err
		}
		views := make([]alertView, len(alerts))
		for i, a := range alerts {
			views[i] = viewAlert(a, lang)
		}
		if cmd.Bool("json") {
			return printJSON(env.Stdout, views)
		}
		if len(views) == 0 {
			fmt.Fprintln(env.Stdout, "no alerts")
			return nil
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tAT (UTC)\tKIND\tSTATUS\tEXPLANATION")
		for _, v := range views {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", v.ID, v.At.Format("2006-01-02 15:04"), v.Kind, v.Status, v.Explanation)
		}
		return tw.Flush()
	})
}

// alertView is an alert as the command prints it: story, claim and unit are
// null when not set.
type alertView struct {
	ID            int64           `json:"id"`
	Kind          string          `json:"kind"`
	Key           string          `json:"key"`
	Story         *int64          `json:"story"`
	Claim         *int64          `json:"claim"`
	Unit          *int64          `json:"unit"`
	Status        string          `json:"status"`
	DismissReason string          `json:"dismiss_reason,omitempty"`
	Explanation   string          `json:"explanation"`
	At            time.Time       `json:"at"`
	BucketStart   time.Time       `json:"bucket_start"`
	Score         float64         `json:"score"`
	Details       json.RawMessage `json:"details"`
	CreatedAt     time.Time       `json:"created_at"`
}

func viewAlert(a store.Alert, lang string) alertView {
	ptr := func(v int64) *int64 {
		if v == 0 {
			return nil
		}
		return &v
	}
	v := alertView{ID: a.ID, Kind: a.Kind, Key: a.Key, Story: ptr(a.StoryID), Claim: ptr(a.ClaimID), Unit: ptr(a.UnitID),
		Status: a.Status, DismissReason: a.DismissReason, Explanation: a.Explanation, At: a.At, BucketStart: a.BucketStart,
		Score: a.Score, Details: a.Details, CreatedAt: a.CreatedAt}
	if len(v.Details) == 0 {
		v.Details = json.RawMessage("{}")
	}
	if lang == "vi" && (strings.HasPrefix(a.Kind, "spike_") || a.Kind == "new_story") {
		var d signal.Details
		if json.Unmarshal(a.Details, &d) == nil && d.Count > 0 {
			v.Explanation = signal.Explain(d, "vi")
		}
	}
	return v
}

// parseSinceDuration reads a Go duration or a number of days ("7d").
func parseSinceDuration(s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseFloat(days, 64)
		if err != nil || n <= 0 {
			return 0, fmt.Errorf("want a positive number of days or a duration such as 24h")
		}
		return time.Duration(n * float64(24*time.Hour)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("want a positive duration such as 90m, 24h or 7d")
	}
	return d, nil
}
