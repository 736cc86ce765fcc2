package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	ucli "github.com/urfave/cli/v3"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/store"
)

const cliActor = "cli"

func userCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:  "user",
		Usage: "manage users",
		Commands: []*ucli.Command{
			{
				Name:  "add",
				Usage: "add a user with a role in a unit (the password is read from stdin)",
				Flags: []ucli.Flag{
					&ucli.StringFlag{Name: "email", Required: true, Usage: "e-mail address (the login)"},
					&ucli.StringFlag{Name: "name", Required: true, Usage: "display name"},
					&ucli.StringFlag{Name: "role", Value: "viewer", Usage: "viewer, analyst, editor, lead or admin"},
					&ucli.Int64Flag{Name: "unit", Usage: "unit id for the role (default: the first root unit)"},
					&ucli.StringFlag{Name: "locale", Usage: "UI language: vi or en (default: follow the browser)"},
					&ucli.BoolFlag{Name: "password-stdin", Usage: "read the password from the first line of stdin"},
					jsonFlag(),
				},
				Action: func(ctx context.Context, cmd *ucli.Command) error { return userAdd(ctx, cmd, env) },
			},
			{
				Name:   "list",
				Usage:  "list users with their roles",
				Flags:  []ucli.Flag{jsonFlag()},
				Action: func(ctx context.Context, cmd *ucli.Command) error { return userList(ctx, cmd, env) },
			},
			{
				Name:  "passwd",
				Usage: "set a user's password (read from stdin)",
				Flags: []ucli.Flag{
					&ucli.StringFlag{Name: "email", Required: true, Usage: "the user's e-mail"},
					&ucli.BoolFlag{Name: "password-stdin", Usage: "read the password from the first line of stdin"},
				},
				Action: func(ctx context.Context, cmd *ucli.Command) error { return userPasswd(ctx, cmd, env) },
			},
		},
	}
}

// readPassword reads one line from stdin and validates it.
func readPassword(cmd *ucli.Command, env Env) (string, error) {
	if !cmd.Bool("password-stdin") {
		return "", usageError("give the password on stdin with --password-stdin (it is never taken as a flag)")
	}
	line, err := bufio.NewReader(io.LimitReader(env.Stdin, auth.MaxPasswordLen+2)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("read password from stdin: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if err := auth.ValidatePassword(pw); err != nil {
		return "", usageError("password: %v", err)
	}
	return pw, nil
}

func userAdd(ctx context.Context, cmd *ucli.Command, env Env) error {
	role, err := auth.ParseRole(cmd.String("role"))
	if err != nil {
		return usageError("--role: %v", err)
	}
	locale := cmd.String("locale")
	if locale != "" && locale != "vi" && locale != "en" {
		return usageError("--locale %q: want vi or en", locale)
	}
	pw, err := readPassword(cmd, env)
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	return withStore(ctx, cmd, env, func(db *store.DB) error {
		unitID := cmd.Int64("unit")
		if unitID == 0 {
			units, err := db.Units(ctx)
			if err != nil {
				return err
			}
			for _, u := range units {
				if u.ParentID == 0 {
					unitID = u.ID
					break
				}
			}
			if unitID == 0 {
				return usageError("no unit exists yet: create one with `factdesk unit add --name NAME` or pass --unit")
			}
		}
		u, err := db.CreateUser(ctx, cliActor, auth.User{Email: cmd.String("email"), Name: cmd.String("name"), PasswordHash: hash, Locale: locale},
			&auth.Membership{UnitID: unitID, Role: role})
		if err != nil {
			return fmt.Errorf("add user: %w", err)
		}
		if cmd.Bool("json") {
			return printJSON(env.Stdout, map[string]any{"id": u.ID, "email": u.Email, "unit": unitID, "role": role})
		}
		fmt.Fprintln(env.Stdout, u.ID)
		return nil
	})
}

func userList(ctx context.Context, cmd *ucli.Command, env Env) error {
	return withStore(ctx, cmd, env, func(db *store.DB) error {
		users, err := db.Users(ctx)
		if err != nil {
			return err
		}
		type row struct {
			auth.User
			Memberships []auth.Membership `json:"memberships"`
		}
		rows := make([]row, 0, len(users))
		for _, u := range users {
			ms, err := db.Memberships(ctx, u.ID)
			if err != nil {
				return err
			}
			rows = append(rows, row{User: u, Memberships: ms})
		}
		if cmd.Bool("json") {
			return printJSON(env.Stdout, rows)
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tEMAIL\tNAME\tROLES")
		for _, r := range rows {
			var roles []string
			for _, m := range r.Memberships {
				roles = append(roles, fmt.Sprintf("%s@unit:%d", m.Role, m.UnitID))
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", r.ID, r.Email, r.Name, strings.Join(roles, ","))
		}
		return tw.Flush()
	})
}

func userPasswd(ctx context.Context, cmd *ucli.Command, env Env) error {
	pw, err := readPassword(cmd, env)
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	return withStore(ctx, cmd, env, func(db *store.DB) error {
		u, err := db.UserByEmail(ctx, cmd.String("email"))
		if err != nil {
			return err
		}
		if err := db.SetPassword(ctx, cliActor, u.ID, hash); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "password of %s changed\n", u.Email)
		return nil
	})
}

// expiry turns --expires-in into a time; zero means the token never expires.
func expiry(cmd *ucli.Command, env Env) time.Time {
	if d := cmd.Duration("expires-in"); d > 0 {
		return env.Clock.Now().Add(d)
	}
	return time.Time{}
}

func tokenCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:  "token",
		Usage: "manage API tokens",
		Commands: []*ucli.Command{{
			Name:  "create",
			Usage: "create an API token for a user; the secret is printed once",
			Flags: []ucli.Flag{
				&ucli.StringFlag{Name: "user", Required: true, Usage: "the user's e-mail"},
				&ucli.StringFlag{Name: "name", Usage: "a label for the token"},
				&ucli.DurationFlag{Name: "expires-in", Usage: "lifetime, e.g. 720h (default: no expiry)"},
				jsonFlag(),
			},
			Action: func(ctx context.Context, cmd *ucli.Command) error {
				return withStore(ctx, cmd, env, func(db *store.DB) error {
					u, err := db.UserByEmail(ctx, cmd.String("user"))
					if err != nil {
						return err
					}
					t, secret, err := db.CreateToken(ctx, cliActor, u.ID, cmd.String("name"), expiry(cmd, env))
					if err != nil {
						return err
					}
					if cmd.Bool("json") {
						var expires any // null when the token never expires
						if !t.ExpiresAt.IsZero() {
							expires = t.ExpiresAt
						}
						return printJSON(env.Stdout, map[string]any{"id": t.ID, "user": u.Email, "token": secret, "expires_at": expires})
					}
					fmt.Fprintln(env.Stdout, secret)
					return nil
				})
			},
		}},
	}
}
