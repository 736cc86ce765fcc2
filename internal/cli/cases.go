package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	ucli "github.com/urfave/cli/v3"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/casework"
	"github.com/factdesk/factdesk/internal/desk"
	"github.com/factdesk/factdesk/internal/netguard"
	"github.com/factdesk/factdesk/internal/store"
)

// asFlag lets a case command act as a user, with that user's scope and
// role; without it the command line acts with full rights as "cli".
func asFlag() ucli.Flag {
	return &ucli.StringFlag{Name: "as", Usage: "act as the user with this e-mail (their units and role); default: the command line, with full rights"}
}

func caseCommand(env Env) *ucli.Command {
	id := &ucli.Int64Arg{Name: "case"}
	return &ucli.Command{
		Name:  "case",
		Usage: "cases on the desk: list, show, open, assign, move along, comment",
		Commands: []*ucli.Command{
			{
				Name:  "list",
				Usage: "list cases, most pressing first",
				Flags: []ucli.Flag{
					&ucli.StringFlag{Name: "status", Usage: "only this status: " + statusList()},
					&ucli.Int64Flag{Name: "unit", Usage: "only this unit and the units below it"},
					&ucli.StringFlag{Name: "priority", Usage: "only this priority: low, normal, high, urgent"},
					&ucli.Int64Flag{Name: "assignee", Usage: "only cases assigned to this user id"},
					&ucli.BoolFlag{Name: "open", Usage: "only cases still being worked on"},
					&ucli.BoolFlag{Name: "overdue", Usage: "only open cases past their due time"},
					&ucli.IntFlag{Name: "limit", Value: 200, Usage: "at most this many"},
					asFlag(), jsonFlag(),
				},
				Action: func(ctx context.Context, cmd *ucli.Command) error {
					return withDesk(ctx, cmd, env, func(svc *casework.Service, c casework.Caller) error {
						cases, err := svc.List(ctx, c, casework.Filter{Status: cmd.String("status"), UnitID: cmd.Int64("unit"), Priority: cmd.String("priority"),
							AssigneeID: cmd.Int64("assignee"), OpenOnly: cmd.Bool("open"), Overdue: cmd.Bool("overdue"), Limit: cmd.Int("limit")})
						if err != nil {
							return err
						}
						if cmd.Bool("json") {
							return printJSON(env.Stdout, cases)
						}
						return printCases(env.Stdout, cases)
					})
				},
			},
			{
				Name: "show", Usage: "show a case with its comments, evidence and timeline", ArgsUsage: "CASE",
				Arguments: []ucli.Argument{id},
				Flags:     []ucli.Flag{asFlag(), jsonFlag()},
				Action: caseAction(env, id, func(ctx context.Context, cmd *ucli.Command, svc *casework.Service, c casework.Caller, n int64) error {
					cs, err := svc.Get(ctx, c, n)
					if err != nil {
						return err
					}
					comments, err := svc.Comments(ctx, c, n)
					if err != nil {
						return err
					}
					evidence, err := svc.Evidence(ctx, c, n)
					if err != nil {
						return err
					}
					timeline, err := svc.Timeline(ctx, c, n)
					if err != nil {
						return err
					}
					if cmd.Bool("json") {
						return printJSON(env.Stdout, map[string]any{"case": cs, "comments": comments, "evidence": evidence, "timeline": timeline})
					}
					printCase(env.Stdout, cs)
					for _, cm := range comments {
						fmt.Fprintf(env.Stdout, "  comment %s %s: %s\n", cm.CreatedAt.Format(time.RFC3339), cm.Author, cm.Body)
					}
					for _, e := range evidence {
						fmt.Fprintf(env.Stdout, "  evidence %d %s %s %s sha256:%s\n", e.ID, e.Kind, e.Title, e.URL, e.SHA256)
					}
					for _, ev := range timeline {
						fmt.Fprintf(env.Stdout, "  %s %-18s %s %v\n", ev.At.Format(time.RFC3339), ev.Action, ev.Actor, ev.Details)
					}
					return nil
				}),
			},
			{
				Name:  "new",
				Usage: "open a case from posts, stories, claims or alerts; it is routed and prioritised",
				Flags: []ucli.Flag{
					&ucli.StringFlag{Name: "title", Required: true, Usage: "what the case is about"},
					&ucli.StringFlag{Name: "description", Usage: "more detail"},
					&ucli.Int64SliceFlag{Name: "post", Usage: "link this post (repeatable)"},
					&ucli.Int64SliceFlag{Name: "story", Usage: "link this story (repeatable)"},
					&ucli.Int64SliceFlag{Name: "claim", Usage: "link this checked claim (repeatable)"},
					&ucli.Int64SliceFlag{Name: "alert", Usage: "accept this open alert into the case (repeatable)"},
					&ucli.Int64Flag{Name: "unit", Usage: "route to this unit instead of by place names"},
					&ucli.StringFlag{Name: "priority", Usage: "set the priority by hand: low, normal, high, urgent"},
					asFlag(), jsonFlag(),
				},
				Action: func(ctx context.Context, cmd *ucli.Command) error {
					return withDesk(ctx, cmd, env, func(svc *casework.Service, c casework.Caller) error {
						cs, err := svc.Create(ctx, c, casework.NewCase{Title: cmd.String("title"), Description: cmd.String("description"),
							PostIDs: cmd.Int64Slice("post"), StoryIDs: cmd.Int64Slice("story"), ClaimIDs: cmd.Int64Slice("claim"),
							AlertIDs: cmd.Int64Slice("alert"), UnitID: cmd.Int64("unit"), Priority: cmd.String("priority")})
						return printOneCase(env.Stdout, cmd, cs, err)
					})
				},
			},
			{
				Name: "assign", Usage: "assign a case to a user, re-route it to a unit or set its priority", ArgsUsage: "CASE",
				Arguments: []ucli.Argument{id},
				Flags: []ucli.Flag{
					&ucli.StringFlag{Name: "to", Usage: "assignee's e-mail (\"none\" to unassign)"},
					&ucli.Int64Flag{Name: "unit", Usage: "re-route to this unit"},
					&ucli.StringFlag{Name: "priority", Usage: "low, normal, high, urgent, or \"auto\" for the computed one"},
					asFlag(), jsonFlag(),
				},
				Action: caseAction(env, id, func(ctx context.Context, cmd *ucli.Command, svc *casework.Service, c casework.Caller, n int64) error {
					var p casework.Patch
					if to := cmd.String("to"); to != "" {
						var uid int64
						if to != "none" {
							u, err := svc.DB.UserByEmail(ctx, auth.NormalizeEmail(to))
							if err != nil {
								return usageError("--to %q: no such user", to)
							}
							uid = u.ID
						}
						p.AssigneeID = &uid
					}
					if cmd.IsSet("unit") {
						u := cmd.Int64("unit")
						p.UnitID = &u
					}
					if pr := cmd.String("priority"); pr != "" {
						if pr == "auto" {
							pr = ""
						}
						p.Priority = &pr
					}
					if p == (casework.Patch{}) {
						return usageError("say what to change: --to, --unit or --priority")
					}
					cs, err := svc.Update(ctx, c, n, p)
					return printOneCase(env.Stdout, cmd, cs, err)
				}),
			},
			{
				Name: "status", Usage: "move a case along its workflow: " + statusList(), ArgsUsage: "CASE STATUS",
				Arguments: []ucli.Argument{id, &ucli.StringArg{Name: "status"}},
				Flags:     []ucli.Flag{&ucli.StringFlag{Name: "reason", Usage: "why (required to dismiss)"}, asFlag(), jsonFlag()},
				Action: caseAction(env, id, func(ctx context.Context, cmd *ucli.Command, svc *casework.Service, c casework.Caller, n int64) error {
					to := cmd.StringArg("status")
					if to == "" {
						return usageError("say the new status: %s", statusList())
					}
					cs, err := svc.SetStatus(ctx, c, n, to, cmd.String("reason"))
					return printOneCase(env.Stdout, cmd, cs, err)
				}),
			},
			{
				Name: "verdict", Usage: "record the verdict on a case: " + strings.Join(desk.Verdicts, ", "), ArgsUsage: "CASE VERDICT",
				Arguments: []ucli.Argument{id, &ucli.StringArg{Name: "verdict"}},
				Flags:     []ucli.Flag{&ucli.StringFlag{Name: "rationale", Required: true, Usage: "why; published with the verdict"}, asFlag(), jsonFlag()},
				Action: caseAction(env, id, func(ctx context.Context, cmd *ucli.Command, svc *casework.Service, c casework.Caller, n int64) error {
					cs, err := svc.SetVerdict(ctx, c, n, cmd.StringArg("verdict"), cmd.String("rationale"))
					return printOneCase(env.Stdout, cmd, cs, err)
				}),
			},
			{
				Name: "comment", Usage: "comment on a case (@email mentions notify)", ArgsUsage: "CASE TEXT",
				Arguments: []ucli.Argument{id, &ucli.StringArg{Name: "text"}},
				Flags:     []ucli.Flag{asFlag(), jsonFlag()},
				Action: caseAction(env, id, func(ctx context.Context, cmd *ucli.Command, svc *casework.Service, c casework.Caller, n int64) error {
					cm, err := svc.Comment(ctx, c, n, cmd.StringArg("text"))
					if err != nil {
						return err
					}
					if cmd.Bool("json") {
						return printJSON(env.Stdout, cm)
					}
					fmt.Fprintf(env.Stdout, "comment %d added to case %d\n", cm.ID, n)
					return nil
				}),
			},
			{
				Name: "evidence", Usage: "add evidence to a case: a URL (archived), or a note", ArgsUsage: "CASE",
				Arguments: []ucli.Argument{id},
				Flags: []ucli.Flag{&ucli.StringFlag{Name: "url", Usage: "fetch and archive this page"}, &ucli.StringFlag{Name: "note", Usage: "a note"},
					&ucli.StringFlag{Name: "title", Usage: "a title"}, asFlag(), jsonFlag()},
				Action: caseAction(env, id, func(ctx context.Context, cmd *ucli.Command, svc *casework.Service, c casework.Caller, n int64) error {
					in := casework.EvidenceInput{Kind: desk.EvidenceNote, Note: cmd.String("note"), Title: cmd.String("title")}
					if u := cmd.String("url"); u != "" {
						in.Kind, in.URL = desk.EvidenceURL, u
					}
					e, err := svc.AddEvidence(ctx, c, n, in)
					if err != nil {
						return err
					}
					if cmd.Bool("json") {
						return printJSON(env.Stdout, e)
					}
					fmt.Fprintf(env.Stdout, "evidence %d added to case %d (sha256 %s)\n", e.ID, n, e.SHA256)
					return nil
				}),
			},
			{
				Name: "escalate", Usage: "hand a case to the unit above", ArgsUsage: "CASE",
				Arguments: []ucli.Argument{id},
				Flags:     []ucli.Flag{&ucli.StringFlag{Name: "reason", Usage: "why"}, asFlag(), jsonFlag()},
				Action: caseAction(env, id, func(ctx context.Context, cmd *ucli.Command, svc *casework.Service, c casework.Caller, n int64) error {
					cs, err := svc.Escalate(ctx, c, n, cmd.String("reason"))
					return printOneCase(env.Stdout, cmd, cs, err)
				}),
			},
		},
	}
}

func statusList() string {
	var s []string
	for _, st := range desk.Statuses {
		s = append(s, string(st))
	}
	return strings.Join(s, ", ")
}

// withDesk opens the store and runs fn with the desk and the caller.
func withDesk(ctx context.Context, cmd *ucli.Command, env Env, fn func(*casework.Service, casework.Caller) error) error {
	return withStore(ctx, cmd, env, func(db *store.DB) error {
		cfg, err := configFrom(cmd)
		if err != nil {
			return usageError("%v", err)
		}
		svc := &casework.Service{DB: db, Clock: env.Clock, Fetch: netguard.New(netguard.Options{AllowPrivate: cfg.AllowPrivateSources})}
		var c casework.Caller
		if as := cmd.String("as"); as != "" {
			u, err := db.UserByEmail(ctx, auth.NormalizeEmail(as))
			if err != nil {
				return usageError("--as %q: no such user", as)
			}
			c, err = svc.CallerFor(ctx, u.ID)
			if err != nil {
				return err
			}
		} else if c, err = svc.Superuser(ctx, cliActor); err != nil {
			return err
		}
		return fn(svc, c)
	})
}

func caseAction(env Env, id *ucli.Int64Arg, fn func(context.Context, *ucli.Command, *casework.Service, casework.Caller, int64) error) ucli.ActionFunc {
	return func(ctx context.Context, cmd *ucli.Command) error {
		n := cmd.Int64Arg(id.Name)
		if n <= 0 {
			return usageError("give the case number, e.g. factdesk case %s 12", cmd.Name)
		}
		return withDesk(ctx, cmd, env, func(svc *casework.Service, c casework.Caller) error { return fn(ctx, cmd, svc, c, n) })
	}
}

func printOneCase(w io.Writer, cmd *ucli.Command, cs desk.Case, err error) error {
	if err != nil {
		return err
	}
	if cmd.Bool("json") {
		return printJSON(w, cs)
	}
	printCase(w, cs)
	return nil
}

func printCase(w io.Writer, cs desk.Case) {
	fmt.Fprintf(w, "case %d: %s\n  status %s, priority %s (%.0f), unit %d, assignee %d\n  routing: %s\n  priority: %s\n",
		cs.ID, cs.Title, cs.Status, cs.Priority, cs.PriorityScore, cs.UnitID, cs.AssigneeID, cs.RoutingReason, strings.Join(cs.PriorityReasons, "; "))
	if !cs.DueAt.IsZero() {
		over := ""
		if cs.Overdue {
			over = " (OVERDUE)"
		}
		fmt.Fprintf(w, "  due %s%s\n", cs.DueAt.Format(time.RFC3339), over)
	}
	if cs.Verdict != "" {
		fmt.Fprintf(w, "  verdict %s: %s\n", cs.Verdict, cs.VerdictRationale)
	}
	fmt.Fprintf(w, "  posts %v stories %v claims %v alerts %v\n", cs.PostIDs, cs.StoryIDs, cs.ClaimIDs, cs.AlertIDs)
}

func printCases(w io.Writer, cases []desk.Case) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tPRIORITY\tUNIT\tASSIGNEE\tDUE\tTITLE")
	for _, cs := range cases {
		due := ""
		if !cs.DueAt.IsZero() {
			due = cs.DueAt.Format("2006-01-02 15:04")
			if cs.Overdue {
				due += " overdue"
			}
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%s\t%s\n", cs.ID, cs.Status, cs.Priority, cs.UnitID, cs.AssigneeID, due, cs.Title)
	}
	return tw.Flush()
}

func auditCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:  "audit",
		Usage: "the audit log: append-only and hash-chained",
		Commands: []*ucli.Command{{
			Name:  "verify",
			Usage: "check the hash chain of the whole audit log",
			Description: "Prints {\"events\": N, \"ok\": true} when every event matches its hash and links to the one before;\n" +
				"otherwise ok is false and broken_event names the first event that does not. Exits 1 when broken.",
			Flags: []ucli.Flag{jsonFlag()},
			Action: func(ctx context.Context, cmd *ucli.Command) error {
				return withStore(ctx, cmd, env, func(db *store.DB) error {
					r, err := db.CheckAudit(ctx)
					if err != nil {
						return err
					}
					if cmd.Bool("json") {
						if err := printJSON(env.Stdout, r); err != nil {
							return err
						}
					} else if r.OK {
						fmt.Fprintf(env.Stdout, "audit log intact: %d events, each matching its hash and chained to the one before\n", r.Events)
					} else {
						fmt.Fprintf(env.Stdout, "audit log BROKEN at event %d (%d events before it are intact): %s\n", r.BrokenID, r.Events, r.Problem)
					}
					if !r.OK {
						return ucli.Exit("", 1)
					}
					return nil
				})
			},
		}},
	}
}
