package web

import (
	"context"
	"fmt"
	"net/http"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/casework"
	"github.com/factdesk/factdesk/internal/desk"
)

// casePage is the data of a case page.
type casePage struct {
	Msg         string // a notice after an action
	Case        desk.Case
	StatusKey   string
	PriorityKey string
	Unit        string
	Assignee    string
	Due         dueTime
	Created     moment
	Moves       []caseMove
	// Lead controls: priority override, re-route, assignee.
	CanAssign  bool
	Priorities []option // "" first: back to the computed priority
	Units      []option
	Assignees  []option
	// Editor controls.
	CanDecide      bool
	Verdicts       []option
	VerdictKey     string
	VerdictBy      string
	VerdictAt      moment
	CanInvestigate bool
	CanEscalate    bool
	CanComment     bool

	Posts    []casePost
	Stories  []int64
	Claims   []caseClaim
	Alerts   []alertRow
	Evidence []evidenceView
	Comments []commentView
	Timeline []timelineEntry
}

// caseMove is a status the caller may move the case to.
type caseMove struct {
	To          string
	Key         string // "case.move.verifying"
	NeedsReason bool
}

// casePost is a linked post: a snippet and a link to where it was published.
type casePost struct {
	ID      int64
	Snippet string
	URL     string
}

// caseClaim is a linked claim of the library.
type caseClaim struct {
	ID   int64
	Text string
}

// evidenceView is an evidence item as the case page lists it.
type evidenceView struct {
	ID                         int64
	Kind                       string
	URL, Title, Note, Filename string
	Size                       int64
	SHA256                     string
	Fetched                    moment
	Added                      moment
	AddedBy                    string
	Download                   bool // the item has stored content to download
}

// commentView is a comment with its author's name.
type commentView struct {
	Author string
	Body   string
	At     moment
}

// snippetRunes is how much of a post's text the case page shows.
const snippetRunes = 280

// show handles GET /cases/{id}.
func (ui *casesUI) show(w http.ResponseWriter, r *http.Request, c casework.Caller) {
	id, err := pathID(r, "case")
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	ctx, lang := r.Context(), ui.h.locale(r)
	cs, err := ui.desk.Get(ctx, c, id)
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	p, err := ui.casePage(ctx, lang, c, cs)
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	p.Msg = ui.h.deskFlash(r)
	ui.h.render(w, r, http.StatusOK, "case", "case.title", p)
}

// casePage gathers everything the case page shows of cs for the caller.
func (ui *casesUI) casePage(ctx context.Context, lang string, c casework.Caller, cs desk.Case) (casePage, error) {
	n, err := ui.loadNames(ctx)
	if err != nil {
		return casePage{}, err
	}
	can := func(a auth.Action) bool { return c.Scope.Can(a, cs.UnitID) }
	p := casePage{Case: cs, StatusKey: "case.status." + string(cs.Status), PriorityKey: "case.priority." + string(cs.Priority),
		Unit: n.unit(cs.UnitID), Assignee: n.user(cs.AssigneeID), Due: ui.h.due(lang, cs), Created: ui.h.ago(lang, cs.CreatedAt),
		CanAssign: can(auth.Assign), CanDecide: can(auth.Decide), CanInvestigate: can(auth.Investigate), CanComment: can(auth.Comment)}
	p.CanEscalate = p.CanInvestigate && n.units[cs.UnitID].ParentID != 0
	for _, to := range desk.Next(cs.Status) {
		if a, _ := desk.Transition(cs.Status, to); can(a) {
			p.Moves = append(p.Moves, caseMove{To: string(to), Key: "case.move." + string(to), NeedsReason: to == desk.Dismissed})
		}
	}
	if p.CanAssign {
		p.Priorities = append([]option{{Value: "", Key: "case.priority.auto"}}, priorityOptions(string(cs.Priority))...)
		p.Units = n.unitOptions(c, auth.Assign, cs.UnitID)
		if p.Assignees, err = ui.members(ctx, n, cs.AssigneeID, func(s auth.Scope) bool { return s.Can(auth.Triage, cs.UnitID) }); err != nil {
			return p, err
		}
	}
	for _, v := range desk.Verdicts {
		p.Verdicts = append(p.Verdicts, option{Value: v, Key: "claims.verdict." + v, Selected: v == cs.Verdict})
	}
	if cs.Verdict != "" {
		p.VerdictKey, p.VerdictBy, p.VerdictAt = "claims.verdict."+cs.Verdict, n.user(cs.VerdictBy), ui.h.ago(lang, cs.VerdictAt)
	}
	if err := ui.links(ctx, lang, c, cs, &p); err != nil {
		return p, err
	}
	if err := ui.records(ctx, lang, c, n, cs.ID, &p); err != nil {
		return p, err
	}
	return p, nil
}

// links fills in the posts, stories, claims and alerts linked to cs.
func (ui *casesUI) links(ctx context.Context, lang string, c casework.Caller, cs desk.Case, p *casePage) error {
	posts, err := ui.desk.DB.PostsByID(ctx, cs.PostIDs)
	if err != nil {
		return fmt.Errorf("posts of case %d: %w", cs.ID, err)
	}
	for _, po := range posts {
		text := po.Text
		if text == "" {
			text = po.Title
		}
		p.Posts = append(p.Posts, casePost{ID: po.ID, Snippet: truncate(text, snippetRunes), URL: po.URL})
	}
	p.Stories = cs.StoryIDs
	for _, id := range cs.ClaimIDs {
		cl, err := ui.desk.DB.Claim(ctx, id)
		switch {
		case apperr.Is(err, apperr.NotFound):
			p.Claims = append(p.Claims, caseClaim{ID: id})
		case err != nil:
			return fmt.Errorf("claim %d: %w", id, err)
		default:
			p.Claims = append(p.Claims, caseClaim{ID: id, Text: truncate(cl.Text, snippetRunes)})
		}
	}
	for _, id := range cs.AlertIDs {
		a, err := ui.desk.GetAlert(ctx, c, id)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("alert %d: %w", id, err)
		}
		p.Alerts = append(p.Alerts, ui.h.alertRow(lang, a))
	}
	return nil
}

// records fills in the evidence, comments and timeline of case id.
func (ui *casesUI) records(ctx context.Context, lang string, c casework.Caller, n names, id int64, p *casePage) error {
	ev, err := ui.desk.Evidence(ctx, c, id)
	if err != nil {
		return err
	}
	for _, e := range ev {
		p.Evidence = append(p.Evidence, evidenceView{ID: e.ID, Kind: e.Kind, URL: e.URL, Title: e.Title, Note: e.Note,
			Filename: e.Filename, Size: e.Size, SHA256: e.SHA256, Fetched: ui.h.ago(lang, e.FetchedAt), Added: ui.h.ago(lang, e.CreatedAt),
			AddedBy: n.user(e.AddedBy), Download: e.Kind == desk.EvidenceFile || (e.Kind == desk.EvidenceURL && !e.FetchedAt.IsZero())})
	}
	comments, err := ui.desk.Comments(ctx, c, id)
	if err != nil {
		return err
	}
	for _, cm := range comments {
		author := cm.Author
		if author == "" {
			author = n.user(cm.AuthorID)
		}
		p.Comments = append(p.Comments, commentView{Author: author, Body: cm.Body, At: ui.h.ago(lang, cm.CreatedAt)})
	}
	events, err := ui.desk.Timeline(ctx, c, id)
	if err != nil {
		return err
	}
	for _, e := range events {
		p.Timeline = append(p.Timeline, ui.h.timelineEntry(lang, n, e))
	}
	return nil
}
