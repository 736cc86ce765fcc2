package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	ucli "github.com/urfave/cli/v3"

	"github.com/factdesk/factdesk/internal/bus"
	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/claim/importer"
	"github.com/factdesk/factdesk/internal/claim/match"
	"github.com/factdesk/factdesk/internal/config"
	"github.com/factdesk/factdesk/internal/store"
)

// claimsBatch is how many claims one transaction stores.
const claimsBatch = 500

// maxClaimsFile bounds one imported file.
const maxClaimsFile = 512 << 20

func claimsCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:  "claims",
		Usage: "the library of checked claims: import, list, show, match, rematch",
		Commands: []*ucli.Command{
			{
				Name:      "import",
				Usage:     "import checked claims from ClaimReview, Fact Check Tools, JSONL, CSV or CheckThat! files",
				ArgsUsage: "FILE...",
				Description: "Formats: " + strings.Join(importer.Formats, ", ") + " (default: from the file name and content;\n" +
					"see internal/claim/importer for the JSONL/CSV schema and the rating table).\n" +
					"A claim is known by its key (the review URL, or a hash of text and publisher): importing\n" +
					"the same file again changes nothing. Bad records are reported on stderr with file:line or\n" +
					"file:record and the reason; the rest land. Prints: imported N, updated U, unchanged D, rejected R.\n" +
					"The claims added or changed are then matched against the posts stored in the last 7 days, as\n" +
					"if they had arrived after the claims: their matches are stored and a claim rated false or\n" +
					"misleading raises its known_claim alert. A factdesk serve or worker running on the library does\n" +
					"that itself within a minute.",
				Flags: []ucli.Flag{
					&ucli.StringFlag{Name: "format", Usage: "one of " + strings.Join(importer.Formats, ", ")},
					jsonFlag(),
					embeddingsURLFlag(), embeddingsModelFlag(),
				},
				Action: func(ctx context.Context, cmd *ucli.Command) error { return claimsImport(ctx, cmd, env) },
			},
			{
				Name:  "list",
				Usage: "list claims, newest first",
				Flags: []ucli.Flag{
					&ucli.StringFlag{Name: "verdict", Usage: "only this verdict: false, misleading, missing-context, unproven or true"},
					&ucli.StringFlag{Name: "lang", Usage: "only this language (vi, en, ...)"},
					&ucli.StringFlag{Name: "query", Usage: "only claims whose text, title or summary contain this (diacritics and case ignored)"},
					&ucli.IntFlag{Name: "limit", Value: 50, Usage: "at most this many"},
					&ucli.IntFlag{Name: "offset", Usage: "skip this many"},
					jsonFlag(),
				},
				Action: func(ctx context.Context, cmd *ucli.Command) error { return claimsList(ctx, cmd, env) },
			},
			{
				Name:      "show",
				Usage:     "show one claim",
				ArgsUsage: "ID",
				Flags:     []ucli.Flag{jsonFlag()},
				Action:    func(ctx context.Context, cmd *ucli.Command) error { return claimsShow(ctx, cmd, env) },
			},
			claimsMatchCommand(env),
			claimsRematchCommand(env),
		},
	}
}

// claimsSummary counts what an import did.
type claimsSummary struct {
	Imported  int `json:"imported"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Rejected  int `json:"rejected"`
	// Recent is what matching the claims added or changed against the
	// posts stored recently did, when this command did it.
	Recent *match.BackfillResult `json:"recent,omitempty"`
	// LeftToServer says a running factdesk matches them instead.
	LeftToServer bool `json:"left_to_server,omitempty"`

	changed []int64 // ids of the claims added or changed
}

func claimsImport(ctx context.Context, cmd *ucli.Command, env Env) error {
	files := cmd.Args().Slice()
	if len(files) == 0 {
		return usageError("name at least one file to import")
	}
	format := cmd.String("format")
	if format != "" && !slices.Contains(importer.Formats, format) {
		return usageError("--format %q: want one of %s", format, strings.Join(importer.Formats, ", "))
	}
	mcfg, err := matchConfig(cmd)
	if err != nil {
		return err
	}
	return withConfigStore(ctx, cmd, env, func(cfg config.Config, db *store.DB) error {
		var sum claimsSummary
		for _, name := range files {
			if err := importClaimsFile(ctx, env, db, name, format, &sum); err != nil {
				return err
			}
		}
		if err := backfillClaims(ctx, cfg, mcfg, db, env, &sum); err != nil {
			return err
		}
		if cmd.Bool("json") {
			return printJSON(env.Stdout, sum)
		}
		fmt.Fprintf(env.Stdout, "imported %d, updated %d, unchanged %d, rejected %d\n", sum.Imported, sum.Updated, sum.Unchanged, sum.Rejected)
		switch {
		case sum.Recent != nil && sum.Recent.Posts > 0:
			fmt.Fprintf(env.Stdout, "matched against %d recent posts: %d matches stored, %d alerts\n", sum.Recent.Posts, sum.Recent.Matches, sum.Recent.Alerts)
		case sum.LeftToServer:
			fmt.Fprintln(env.Stdout, "the running factdesk matches the changed claims against recent posts within a minute")
		}
		return nil
	})
}

// backfillClaims matches the claims the import added or changed against
// the posts stored in the last days (match.Stage.Backfill), unless a
// factdesk process runs the stages (serve on this data folder, or workers
// in scale-out): it follows the library and does the same itself.
func backfillClaims(ctx context.Context, cfg config.Config, mcfg match.Config, db *store.DB, env Env, sum *claimsSummary) error {
	if len(sum.changed) == 0 {
		return nil
	}
	if cfg.NATSURL != "" || cfg.DataDir != "" && bus.Running(cfg.DataDir) {
		sum.LeftToServer = true
		return nil
	}
	ix, err := match.Load(ctx, db, mcfg)
	if err != nil {
		return fmt.Errorf("match the imported claims: %w", err)
	}
	res, err := match.NewStage(ix, db).Backfill(ctx, db, sum.changed, env.Clock.Now())
	if err != nil {
		return fmt.Errorf("match the imported claims against recent posts: %w", err)
	}
	sum.Recent = &res
	return nil
}

func importClaimsFile(ctx context.Context, env Env, db *store.DB, name, format string, sum *claimsSummary) error {
	data, err := readClaimsFile(env, name)
	if err != nil {
		return err
	}
	if format == "" {
		format = importer.Detect(name, data[:min(len(data), 4096)])
	}
	recs, err := importer.Read(data, format)
	if err != nil {
		return fmt.Errorf("import %s: %w", name, err)
	}
	var bar *progressbar.ProgressBar
	if isTerminal(env.Stdout) {
		bar = progressbar.NewOptions(len(recs), progressbar.OptionSetWriter(env.Stderr), progressbar.OptionSetDescription(name),
			progressbar.OptionShowCount(), progressbar.OptionSetItsString("claims"), progressbar.OptionClearOnFinish())
	}
	var batch []claim.Claim
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		out, err := db.UpsertClaims(ctx, cliActor, batch)
		if err != nil {
			return fmt.Errorf("import %s: %w", name, err)
		}
		for _, o := range out {
			switch o.Status {
			case store.ClaimInserted:
				sum.Imported++
				sum.changed = append(sum.changed, o.ID)
			case store.ClaimUpdated:
				sum.Updated++
				sum.changed = append(sum.changed, o.ID)
			default:
				sum.Unchanged++
			}
		}
		if bar != nil {
			_ = bar.Add(len(batch))
		}
		batch = batch[:0]
		return nil
	}
	for _, r := range recs {
		if r.Err != nil {
			sum.Rejected++
			fmt.Fprintf(env.Stderr, "%s:%s: rejected: %v\n", name, strings.TrimPrefix(r.Where(), "line "), oneLine(r.Err))
			if bar != nil {
				_ = bar.Add(1)
			}
			continue
		}
		if batch = append(batch, r.Claim); len(batch) >= claimsBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if bar != nil {
		_ = bar.Finish()
	}
	return nil
}

// oneLine joins the lines of a joined error with "; ".
func oneLine(err error) string { return strings.ReplaceAll(err.Error(), "\n", "; ") }

func readClaimsFile(env Env, name string) ([]byte, error) {
	var in io.Reader = env.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("import: %w", err)
		}
		defer f.Close()
		in = f
	}
	data, err := io.ReadAll(io.LimitReader(in, maxClaimsFile+1))
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", name, err)
	}
	if len(data) > maxClaimsFile {
		return nil, fmt.Errorf("import %s: larger than %d MiB; split it", name, maxClaimsFile>>20)
	}
	return data, nil
}

func claimsList(ctx context.Context, cmd *ucli.Command, env Env) error {
	f := store.ClaimFilter{Query: cmd.String("query"), Lang: cmd.String("lang"), Limit: cmd.Int("limit"), Offset: cmd.Int("offset")}
	if v := cmd.String("verdict"); v != "" {
		verdict, err := claim.ParseVerdict(v)
		if err != nil {
			return usageError("--verdict: %v", err)
		}
		f.Verdict = verdict
	}
	return withStore(ctx, cmd, env, func(db *store.DB) error {
		list, err := db.Claims(ctx, f)
		if err != nil {
			return err
		}
		if cmd.Bool("json") {
			if list == nil {
				list = []claim.Claim{}
			}
			return printJSON(env.Stdout, list)
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tVERDICT\tLANG\tPUBLISHER\tCLAIM")
		for _, c := range list {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", c.ID, c.Verdict, c.Lang, clip(c.Publisher, 24), clip(c.Text, 80))
		}
		return tw.Flush()
	})
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func claimsShow(ctx context.Context, cmd *ucli.Command, env Env) error {
	if cmd.Args().Len() != 1 {
		return usageError("give one claim id")
	}
	id, err := strconv.ParseInt(cmd.Args().First(), 10, 64)
	if err != nil || id <= 0 {
		return usageError("%q is not a claim id", cmd.Args().First())
	}
	return withStore(ctx, cmd, env, func(db *store.DB) error {
		c, err := db.Claim(ctx, id)
		if err != nil {
			return err
		}
		if cmd.Bool("json") {
			return printJSON(env.Stdout, c)
		}
		printClaim(env.Stdout, c)
		return nil
	})
}

func printClaim(w io.Writer, c claim.Claim) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(tw, "%s\t%s\n", k, v)
		}
	}
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("2006-01-02")
	}
	row("id", strconv.FormatInt(c.ID, 10))
	row("key", c.Key)
	row("claim", c.Text)
	row("title", c.Title)
	row("verdict", string(c.Verdict))
	row("rating", c.RatingText)
	row("claimant", c.Claimant)
	row("claim date", day(c.ClaimDate))
	row("publisher", c.Publisher)
	row("review", c.ReviewURL)
	row("review date", day(c.ReviewDate))
	row("lang", c.Lang)
	row("summary", c.Summary)
	row("appearances", strings.Join(c.Appearances, " "))
	row("evidence", strings.Join(c.Evidence, " | "))
	row("tags", strings.Join(c.Tags, ", "))
	row("updated", c.UpdatedAt.Format("2006-01-02 15:04:05Z07:00"))
	_ = tw.Flush()
}
