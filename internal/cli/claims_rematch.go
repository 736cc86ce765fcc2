package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/schollz/progressbar/v3"
	ucli "github.com/urfave/cli/v3"

	"github.com/factdesk/factdesk/internal/claim/match"
	"github.com/factdesk/factdesk/internal/store"
)

// rematchBatch is how many posts one transaction re-matches.
const rematchBatch = 500

// claimsRematchCommand is `factdesk claims rematch`.
func claimsRematchCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:  "rematch",
		Usage: "match stored posts again against the current claims library and store their matches",
		Description: "The pipeline matches each post once, when it is stored. After claims are imported or edited,\n" +
			"this matches the posts published in the last --since (default 30 days) against the whole library\n" +
			"as the pipeline would, and replaces each post's stored matches (those scoring at least the\n" +
			"suggestion threshold, best 3): the claim pages then list them and posts show them. It raises no\n" +
			"alerts: the posts are old news. Running it again on the same library changes nothing.\n" +
			"Prints: posts N, matched M, rows written W, deleted D.",
		Flags: []ucli.Flag{
			&ucli.StringFlag{Name: "since", Value: "30d", Usage: "match posts published in the last `DURATION` (90m, 24h, 30d)"},
			jsonFlag(),
			embeddingsURLFlag(), embeddingsModelFlag(),
		},
		Action: func(ctx context.Context, cmd *ucli.Command) error { return claimsRematch(ctx, cmd, env) },
	}
}

// rematchSummary is what a rematch did.
type rematchSummary struct {
	Since   time.Time `json:"since"`
	Claims  int       `json:"claims"`
	Posts   int       `json:"posts"`
	Matched int       `json:"matched"` // posts matching at least one claim
	Written int       `json:"written"` // rows inserted or changed
	Deleted int       `json:"deleted"` // rows of claims the posts no longer match
}

func claimsRematch(ctx context.Context, cmd *ucli.Command, env Env) error {
	d, err := parseSinceDuration(cmd.String("since"))
	if err != nil {
		return usageError("--since %q: %v", cmd.String("since"), err)
	}
	return withMatcher(ctx, cmd, env, func(db *store.DB, ix *match.Index) error {
		var bar *progressbar.ProgressBar
		if isTerminal(env.Stdout) && !cmd.Bool("json") {
			bar = progressbar.NewOptions64(-1, progressbar.OptionSetWriter(env.Stderr), progressbar.OptionSetDescription("matching"),
				progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("posts"), progressbar.OptionClearOnFinish())
		}
		sum, err := rematch(ctx, db, ix, env.Clock.Now().Add(-d), bar)
		if err != nil {
			return err
		}
		if bar != nil {
			_ = bar.Finish()
		}
		if n := ix.EmbeddingFailures(); n > 0 && !cmd.Bool("json") {
			fmt.Fprintf(env.Stderr, "warning: the embeddings endpoint failed; scores are lexical only\n")
		}
		if cmd.Bool("json") {
			return printJSON(env.Stdout, sum)
		}
		fmt.Fprintf(env.Stdout, "posts %d, matched %d, rows written %d, deleted %d (%d claims, posts published since %s)\n",
			sum.Posts, sum.Matched, sum.Written, sum.Deleted, sum.Claims, sum.Since.Format(time.RFC3339))
		return nil
	})
}

// rematch re-matches the posts published since, against ix, and stores
// their matches; bar, when set, counts the posts.
func rematch(ctx context.Context, db *store.DB, ix *match.Index, since time.Time, bar *progressbar.ProgressBar) (rematchSummary, error) {
	sum := rematchSummary{Since: since.UTC().Truncate(time.Second), Claims: ix.Len()}
	return sum, rematchPosts(ctx, db, match.NewStage(ix, db), &sum, bar)
}

// rematchPosts pages through the posts published since sum.Since, in
// publication order, and re-matches each page in one transaction.
func rematchPosts(ctx context.Context, db *store.DB, stage *match.Stage, sum *rematchSummary, bar *progressbar.ProgressBar) error {
	var cursor store.PublishedCursor
	cursor.At = sum.Since.Add(-time.Millisecond)
	for {
		posts, err := db.PostsPublished(ctx, sum.Since, time.Time{}, cursor, rematchBatch)
		if err != nil {
			return err
		}
		if len(posts) == 0 {
			return nil
		}
		matched, written, deleted, err := stage.Rematch(ctx, db, posts)
		if err != nil {
			return err
		}
		sum.Posts += len(posts)
		sum.Matched += matched
		sum.Written += written
		sum.Deleted += deleted
		if bar != nil {
			_ = bar.Add(len(posts))
		}
		last := posts[len(posts)-1]
		cursor = store.PublishedCursor{At: last.PublishedAt, ID: last.ID}
	}
}
