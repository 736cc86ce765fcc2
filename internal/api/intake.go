package api

import (
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/intake"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/sourceadmin"
)

// The push source kind and default name.
const (
	pushKind          = "push"
	defaultPushSource = "push"
)

// intakeResult is what happened to one pushed record.
type intakeResult struct {
	Index  int    `json:"index"`          // 0-based place among the records
	Line   int    `json:"line,omitempty"` // 1-based line, for NDJSON bodies
	Status string `json:"status"`         // imported, updated, duplicate or rejected
	ID     int64  `json:"id,omitempty"`   // the stored post
	Reason string `json:"reason,omitempty"`
}

// intakeResponse is the answer of POST /api/v1/intake.
type intakeResponse struct {
	Source     string         `json:"source"`
	SourceID   int64          `json:"source_id"`
	Imported   int            `json:"imported"`
	Updated    int            `json:"updated"`
	Duplicates int            `json:"duplicates"`
	Rejected   int            `json:"rejected"`
	Results    []intakeResult `json:"results"`
}

// intake handles POST /api/v1/intake?source=NAME: a JSON array of records
// or NDJSON, in the import schema, filed under the push source NAME
// (default "push", created on first use). Every record gets a result; bad
// records are rejected with their reason and the rest land. A body over
// the limit is refused whole with 413.
func (h *handler) intake(w http.ResponseWriter, r *http.Request, c *caller) {
	ctx := r.Context()
	if err := h.authorize(ctx, c, actPush, 0); err != nil {
		h.fail(w, r, err)
		return
	}
	name := strings.TrimSpace(r.URL.Query().Get("source"))
	if name == "" {
		name = defaultPushSource
	}
	if utf8.RuneCountInString(name) > sourceadmin.MaxNameChars {
		h.fail(w, r, apperr.InvalidFields(map[string]string{"source": "a source name has at most 200 characters"}))
		return
	}
	body, err := readBody(w, r, h.maxBody)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	recs, err := parseRecords(r.Header.Get("Content-Type"), body)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	src, err := h.store.EnsureSource(ctx, c.actor(), pushKind, name)
	if err != nil {
		h.fail(w, r, fmt.Errorf("push source %q: %w", name, err))
		return
	}
	if src.Kind != pushKind {
		h.fail(w, r, apperr.Errorf(apperr.Conflict, "Source %q is a %s source; push to a source of kind push (choose another name).", name, src.Kind))
		return
	}
	out := intakeResponse{Source: src.Name, SourceID: src.ID, Results: make([]intakeResult, len(recs))}
	var posts []post.Post
	var at []int // index of each post among the records
	now := h.clock.Now()
	for i, rec := range recs {
		out.Results[i] = intakeResult{Index: i, Line: rec.Line}
		if rec.Err == nil {
			rec.Post.SourceID = src.ID
			if rec.Post.Platform == "" {
				rec.Post.Platform = pushKind
			}
			rec.Err = intake.Normalize(&rec.Post, now)
		}
		if rec.Err != nil {
			out.Results[i].Status, out.Results[i].Reason = intake.StatusRejected, rec.Err.Error()
			continue
		}
		posts = append(posts, rec.Post)
		at = append(at, i)
	}
	if len(posts) > 0 {
		sum, err := h.submitter.Submit(ctx, posts, nil)
		if err != nil {
			h.fail(w, r, apperr.Wrap(err, apperr.Unavailable, "The intake queue did not take the posts; nothing is lost by sending them again."))
			return
		}
		for j, o := range sum.Outcomes {
			res := &out.Results[at[j]]
			res.Status, res.ID, res.Reason = o.Status, o.ID, o.Reason
		}
	}
	for _, res := range out.Results {
		switch res.Status {
		case "imported":
			out.Imported++
		case "updated":
			out.Updated++
		case "duplicate":
			out.Duplicates++
		default:
			out.Rejected++
		}
	}
	writeJSON(w, http.StatusOK, out)
}
