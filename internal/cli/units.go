package cli

import (
	"context"
	"fmt"
	"strings"

	ucli "github.com/urfave/cli/v3"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/store"
)

func unitCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:  "unit",
		Usage: "manage the organisation's units",
		Commands: []*ucli.Command{
			{
				Name:  "add",
				Usage: "add a unit; prints its id",
				Flags: []ucli.Flag{
					&ucli.StringFlag{Name: "name", Required: true, Usage: "unit name, e.g. Tỉnh Quảng Nam"},
					&ucli.Int64Flag{Name: "parent", Usage: "id of the parent unit (none: a root unit)"},
					&ucli.StringFlag{Name: "level", Usage: "level label, e.g. province, commune, desk"},
					&ucli.StringSliceFlag{Name: "alias", Usage: "a place name the unit is known by (repeatable)"},
					jsonFlag(),
				},
				Action: func(ctx context.Context, cmd *ucli.Command) error {
					return withStore(ctx, cmd, env, func(db *store.DB) error {
						u, err := db.CreateUnit(ctx, cliActor, auth.Unit{
							Name: cmd.String("name"), ParentID: cmd.Int64("parent"), Level: cmd.String("level"), Aliases: cmd.StringSlice("alias"),
						})
						if err != nil {
							return fmt.Errorf("add unit: %w", err)
						}
						if cmd.Bool("json") {
							return printJSON(env.Stdout, u)
						}
						fmt.Fprintln(env.Stdout, u.ID)
						return nil
					})
				},
			},
			{
				Name:  "list",
				Usage: "list units as a tree",
				Flags: []ucli.Flag{jsonFlag()},
				Action: func(ctx context.Context, cmd *ucli.Command) error {
					return withStore(ctx, cmd, env, func(db *store.DB) error {
						units, err := db.Units(ctx)
						if err != nil {
							return err
						}
						if cmd.Bool("json") {
							if units == nil {
								units = []auth.Unit{}
							}
							return printJSON(env.Stdout, units)
						}
						printTree(env, units)
						return nil
					})
				},
			},
		},
	}
}

func printTree(env Env, units []auth.Unit) {
	children := map[int64][]auth.Unit{}
	for _, u := range units {
		children[u.ParentID] = append(children[u.ParentID], u)
	}
	var walk func(parent int64, depth int)
	walk = func(parent int64, depth int) {
		for _, u := range children[parent] {
			line := fmt.Sprintf("%s%d  %s", strings.Repeat("  ", depth), u.ID, u.Name)
			if u.Level != "" {
				line += " (" + u.Level + ")"
			}
			if len(u.Aliases) > 0 {
				line += "  aliases: " + strings.Join(u.Aliases, ", ")
			}
			fmt.Fprintln(env.Stdout, line)
			walk(u.ID, depth+1)
		}
	}
	walk(0, 0)
}
