package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"text/tabwriter"

	ucli "github.com/urfave/cli/v3"

	"github.com/factdesk/factdesk/internal/store"
)

func webhookCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:  "webhook",
		Usage: "outgoing webhooks: a signed JSON POST on case events",
		Description: "Each delivery carries X-Factdesk-Event, X-Factdesk-Delivery and X-Factdesk-Signature:\n" +
			"sha256=<hex HMAC-SHA256 of the body under the secret>. Failed deliveries are retried with\n" +
			"backoff (10 s, 20 s, 40 s, ... up to an hour, 8 attempts). Events: case.create, case.update,\n" +
			"case.assign, case.route, case.status, case.verdict, case.comment, case.evidence,\n" +
			"case.escalate, case.link, case.merge_alert.",
		Commands: []*ucli.Command{
			{
				Name:  "add",
				Usage: "add a webhook; prints its secret once when none is given",
				Flags: []ucli.Flag{
					&ucli.StringFlag{Name: "url", Required: true, Usage: "where to POST (http or https)"},
					&ucli.StringFlag{Name: "secret", Usage: "HMAC secret (default: a random one, printed once)"},
					&ucli.Int64Flag{Name: "unit", Usage: "only cases of this unit and below (default: all)"},
					&ucli.StringSliceFlag{Name: "event", Usage: "only this event (repeatable; default: all)"},
					jsonFlag(),
				},
				Action: func(ctx context.Context, cmd *ucli.Command) error {
					u, err := url.Parse(cmd.String("url"))
					if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
						return usageError("--url %q: want an http or https URL", cmd.String("url"))
					}
					secret := cmd.String("secret")
					if secret == "" {
						var b [24]byte
						_, _ = rand.Read(b[:])
						secret = hex.EncodeToString(b[:])
					}
					return withStore(ctx, cmd, env, func(db *store.DB) error {
						if unit := cmd.Int64("unit"); unit != 0 {
							if _, err := db.Unit(ctx, unit); err != nil {
								return usageError("--unit %d: no such unit", unit)
							}
						}
						w, err := db.CreateWebhook(ctx, cliActor, store.Webhook{UnitID: cmd.Int64("unit"), URL: u.String(), Secret: secret, Events: cmd.StringSlice("event")})
						if err != nil {
							return err
						}
						if cmd.Bool("json") {
							return printJSON(env.Stdout, map[string]any{"id": w.ID, "url": w.URL, "unit_id": w.UnitID, "events": w.Events, "secret": secret})
						}
						fmt.Fprintf(env.Stdout, "webhook %d added; secret (shown once unless you chose it): %s\n", w.ID, secret)
						return nil
					})
				},
			},
			{
				Name:  "list",
				Usage: "list webhooks and their latest deliveries",
				Flags: []ucli.Flag{jsonFlag()},
				Action: func(ctx context.Context, cmd *ucli.Command) error {
					return withStore(ctx, cmd, env, func(db *store.DB) error {
						hooks, err := db.Webhooks(ctx)
						if err != nil {
							return err
						}
						deliveries, err := db.Deliveries(ctx, 20)
						if err != nil {
							return err
						}
						if cmd.Bool("json") {
							return printJSON(env.Stdout, map[string]any{"webhooks": hooks, "deliveries": deliveries})
						}
						tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
						fmt.Fprintln(tw, "ID\tUNIT\tEVENTS\tURL")
						for _, w := range hooks {
							fmt.Fprintf(tw, "%d\t%d\t%v\t%s\n", w.ID, w.UnitID, w.Events, w.URL)
						}
						fmt.Fprintln(tw, "\nDELIVERY\tWEBHOOK\tEVENT\tSTATUS\tATTEMPTS\tLAST")
						for _, d := range deliveries {
							fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%d\t%d %s\n", d.ID, d.WebhookID, d.Event, d.Status, d.Attempts, d.LastStatus, d.LastError)
						}
						return tw.Flush()
					})
				},
			},
		},
	}
}
