package cli

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"

	ucli "github.com/urfave/cli/v3"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/publish"
	"github.com/factdesk/factdesk/internal/store"
)

func publicationCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:  "publication",
		Usage: "fact-checks and notices: list, show, publish, retract",
		Description: "The CLI acts as the operator of the data folder (audited as \"cli\"). A server running on the\n" +
			"same data shows a change on its public pages within 5 s and in its claim matcher within 30 s.",
		Commands: []*ucli.Command{
			{
				Name:  "list",
				Usage: "list publications, newest change first",
				Flags: []ucli.Flag{
					&ucli.StringFlag{Name: "kind", Usage: "fact_check or notice"},
					&ucli.StringFlag{Name: "status", Usage: "draft, in_review, approved, published or retracted"},
					&ucli.IntFlag{Name: "limit", Value: 50, Usage: "at most this many"},
					jsonFlag(),
				},
				Action: func(ctx context.Context, cmd *ucli.Command) error { return publicationList(ctx, cmd, env) },
			},
			{
				Name: "show", Usage: "show a publication with its versions", ArgsUsage: "ID", Flags: []ucli.Flag{jsonFlag()},
				Action: func(ctx context.Context, cmd *ucli.Command) error { return publicationShow(ctx, cmd, env) },
			},
			{
				Name: "publish", Usage: "take a publication through the steps it still needs (submit, approve) and publish it", ArgsUsage: "ID",
				Flags:  []ucli.Flag{&ucli.StringFlag{Name: "base-url", Usage: "public URL of the site, for the claims library (default: --base-url or the listen address)"}, jsonFlag()},
				Action: func(ctx context.Context, cmd *ucli.Command) error { return publicationPublish(ctx, cmd, env) },
			},
			{
				Name: "retract", Usage: "retract a published publication; the page stays, marked, with the reason", ArgsUsage: "ID",
				Flags:  []ucli.Flag{&ucli.StringFlag{Name: "reason", Required: true, Usage: "why, shown in public"}, jsonFlag()},
				Action: func(ctx context.Context, cmd *ucli.Command) error { return publicationRetract(ctx, cmd, env) },
			},
			{
				Name: "settings", Usage: "show or change a unit's publishing rules", ArgsUsage: "UNIT-ID",
				Description: "--self-approval=true lets an author who is a lead approve their own publication in that unit\n" +
					"(off by default: a second lead approves). Needed for one-call publishing through the API.",
				Flags:  []ucli.Flag{&ucli.BoolFlag{Name: "self-approval", Usage: "allow authors to approve their own publications"}, jsonFlag()},
				Action: func(ctx context.Context, cmd *ucli.Command) error { return publicationSettings(ctx, cmd, env) },
			},
		},
	}
}

func publicationList(ctx context.Context, cmd *ucli.Command, env Env) error {
	f := publish.Filter{Kind: publish.Kind(cmd.String("kind")), Limit: int(cmd.Int("limit"))}
	if s := cmd.String("status"); s != "" {
		f.Statuses = []publish.Status{publish.Status(s)}
	}
	return withStore(ctx, cmd, env, func(db *store.DB) error {
		items, _, err := db.Publications(ctx, f)
		if err != nil {
			return err
		}
		if cmd.Bool("json") {
			if items == nil {
				items = []publish.Publication{}
			}
			return printJSON(env.Stdout, items)
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tKIND\tSTATUS\tRATING\tLANG\tSLUG\tTITLE")
		for _, p := range items {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.Kind, p.Status, p.Rating, p.Language, p.Slug, p.Title)
		}
		return tw.Flush()
	})
}

// publicationArg reads the ID argument.
func publicationArg(cmd *ucli.Command) (int64, error) {
	id, err := strconv.ParseInt(cmd.Args().First(), 10, 64)
	if err != nil || id <= 0 || cmd.Args().Len() != 1 {
		return 0, usageError("give one publication ID, e.g. `factdesk publication show 3`")
	}
	return id, nil
}

func publicationShow(ctx context.Context, cmd *ucli.Command, env Env) error {
	id, err := publicationArg(cmd)
	if err != nil {
		return err
	}
	return withStore(ctx, cmd, env, func(db *store.DB) error {
		p, err := db.Publication(ctx, id)
		if err != nil {
			return err
		}
		vs, err := db.PublicationVersions(ctx, id)
		if err != nil {
			return err
		}
		if cmd.Bool("json") {
			return printJSON(env.Stdout, struct {
				publish.Publication
				Versions []publish.Version `json:"versions"`
			}{p, vs})
		}
		fmt.Fprintf(env.Stdout, "%d  %s  %s  v%d\n%s\n", p.ID, p.Kind, p.Status, p.Version, p.Title)
		if p.ClaimReviewed != "" {
			fmt.Fprintf(env.Stdout, "claim:   %s\nrating:  %s %s\n", p.ClaimReviewed, p.Rating, p.RatingText)
		}
		for _, c := range p.Citations {
			fmt.Fprintf(env.Stdout, "source:  %s %s\n", c.URL, c.Title)
		}
		if p.RetractReason != "" {
			fmt.Fprintf(env.Stdout, "retracted: %s\n", p.RetractReason)
		}
		for _, v := range vs {
			fmt.Fprintf(env.Stdout, "version %d  %s  %s\n", v.Version, v.PublishedAt.Format("2006-01-02 15:04"), v.ChangeNote)
		}
		return nil
	})
}

// operator is the CLI's publish identity: an admin of every root unit,
// with no user, so no person approves their own work through it.
func operator(ctx context.Context, db *store.DB) (publish.Caller, error) {
	units, err := db.Units(ctx)
	if err != nil {
		return publish.Caller{}, err
	}
	var ms []auth.Membership
	for _, u := range units {
		if u.ParentID == 0 {
			ms = append(ms, auth.Membership{UnitID: u.ID, Role: auth.Admin})
		}
	}
	return publish.Caller{Actor: "cli", Units: units, Scope: auth.NewScope(0, ms, units)}, nil
}

func publicationStep(ctx context.Context, cmd *ucli.Command, env Env, fn func(svc *publish.Service, c publish.Caller, p publish.Publication) (publish.Publication, error)) error {
	id, err := publicationArg(cmd)
	if err != nil {
		return err
	}
	cfg, _, db, err := openStore(ctx, cmd, env)
	if err != nil {
		return err
	}
	defer db.Close()
	base := cmd.String("base-url")
	if base == "" {
		base = cfg.PublicBaseURL()
	}
	svc := &publish.Service{Store: db, BaseURL: base}
	c, err := operator(ctx, db)
	if err != nil {
		return err
	}
	p, err := svc.Get(ctx, c, id)
	if err == nil {
		p, err = fn(svc, c, p)
	}
	if err != nil {
		return err
	}
	if cmd.Bool("json") {
		return printJSON(env.Stdout, p)
	}
	fmt.Fprintf(env.Stdout, "publication %d is %s (version %d): %s\n", p.ID, p.Status, p.Version, publish.PageURL(base, p))
	return nil
}

func publicationPublish(ctx context.Context, cmd *ucli.Command, env Env) error {
	return publicationStep(ctx, cmd, env, func(svc *publish.Service, c publish.Caller, p publish.Publication) (publish.Publication, error) {
		var err error
		for _, step := range []struct {
			from publish.Status
			do   func(context.Context, publish.Caller, int64) (publish.Publication, error)
		}{{publish.Draft, svc.Submit}, {publish.InReview, svc.Approve}, {publish.Approved, svc.Publish}} {
			if p.Status == step.from {
				if p, err = step.do(ctx, c, p.ID); err != nil {
					return p, err
				}
			}
		}
		return p, nil
	})
}

func publicationRetract(ctx context.Context, cmd *ucli.Command, env Env) error {
	return publicationStep(ctx, cmd, env, func(svc *publish.Service, c publish.Caller, p publish.Publication) (publish.Publication, error) {
		return svc.Retract(ctx, c, p.ID, cmd.String("reason"))
	})
}

func publicationSettings(ctx context.Context, cmd *ucli.Command, env Env) error {
	unit, err := strconv.ParseInt(cmd.Args().First(), 10, 64)
	if err != nil || unit <= 0 || cmd.Args().Len() != 1 {
		return usageError("give one unit ID, e.g. `factdesk publication settings 1 --self-approval=true`")
	}
	return withStore(ctx, cmd, env, func(db *store.DB) error {
		if cmd.IsSet("self-approval") {
			if err := db.SetPublishSettings(ctx, "cli", unit, publish.Settings{SelfApproval: cmd.Bool("self-approval")}); err != nil {
				return err
			}
		}
		st, err := db.PublishSettings(ctx, unit)
		if err != nil {
			return err
		}
		if cmd.Bool("json") {
			return printJSON(env.Stdout, st)
		}
		fmt.Fprintf(env.Stdout, "unit %d: self-approval %v\n", unit, st.SelfApproval)
		return nil
	})
}
