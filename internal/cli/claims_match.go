package cli

import (
	"context"
	"fmt"
	"strings"

	ucli "github.com/urfave/cli/v3"

	"github.com/factdesk/factdesk/internal/claim/match"
	"github.com/factdesk/factdesk/internal/config"
	"github.com/factdesk/factdesk/internal/pipeline"
	"github.com/factdesk/factdesk/internal/store"
)

// claimsMatchCommand is `factdesk claims match TEXT`.
func claimsMatchCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:      "match",
		Usage:     "match a text against the stored claims and show the best matches with their reasons",
		ArgsUsage: "TEXT",
		Description: "Builds the in-memory matching index from the store's claims and matches TEXT as the\n" +
			"pipeline matches a post. Scores are calibrated probabilities in [0, 1]: a match shows on a\n" +
			fmt.Sprintf("post from %.2f and raises an alert, for a false or misleading claim, from %.2f.",
				match.DefaultSuggestThreshold, match.DefaultAlertThreshold),
		Flags: []ucli.Flag{
			&ucli.IntFlag{Name: "k", Value: 5, Usage: "show at most this many matches"},
			&ucli.StringFlag{Name: "lang", Usage: "the text's language (vi, en); detected when empty"},
			jsonFlag(),
			embeddingsURLFlag(), embeddingsModelFlag(),
		},
		Action: func(ctx context.Context, cmd *ucli.Command) error { return claimsMatch(ctx, cmd, env) },
	}
}

// claimMatch is one line of `claims match` output.
type claimMatch struct {
	match.Result
	Verdict   string `json:"verdict"`
	Text      string `json:"text"`
	ReviewURL string `json:"review_url,omitempty"`
}

func claimsMatch(ctx context.Context, cmd *ucli.Command, env Env) error {
	q := strings.TrimSpace(strings.Join(cmd.Args().Slice(), " "))
	if q == "" {
		return usageError("claims match: give the TEXT to match")
	}
	if cmd.Int("k") < 1 {
		return usageError("--k %d: want at least 1", cmd.Int("k"))
	}
	return withMatcher(ctx, cmd, env, func(_ *store.DB, ix *match.Index) error {
		var out []claimMatch
		for _, r := range ix.Match(q, match.Options{K: int(cmd.Int("k")), Lang: cmd.String("lang")}) {
			c, _ := ix.Claim(r.ClaimID)
			out = append(out, claimMatch{Result: r, Verdict: string(c.Verdict), Text: c.Text, ReviewURL: c.ReviewURL})
		}
		if cmd.Bool("json") {
			if out == nil {
				out = []claimMatch{}
			}
			return printJSON(env.Stdout, out)
		}
		if n := ix.EmbeddingFailures(); n > 0 {
			fmt.Fprintf(env.Stderr, "warning: the embeddings endpoint failed; scores are lexical only\n")
		}
		if len(out) == 0 {
			fmt.Fprintf(env.Stdout, "no claim matches (%d claims searched)\n", ix.Len())
			return nil
		}
		for _, m := range out {
			fmt.Fprintf(env.Stdout, "%.2f  claim %d [%s] %s\n", m.Score, m.ClaimID, m.Verdict, m.Text)
			if m.ReviewURL != "" {
				fmt.Fprintf(env.Stdout, "      review: %s\n", m.ReviewURL)
			}
			fmt.Fprintf(env.Stdout, "      %s\n", strings.Join(m.Reasons, "; "))
		}
		return nil
	})
}

// embeddingsURLFlag and embeddingsModelFlag turn on semantic matching
// (claims match, eval match, and the pipeline of serve, demo and worker).
func embeddingsURLFlag() ucli.Flag {
	return &ucli.StringFlag{Name: "embeddings-url", Usage: "fuse semantic similarity from an OpenAI-compatible embeddings endpoint (`URL`, " +
		"e.g. http://127.0.0.1:11434/v1/embeddings for a local Ollama); off when empty", Sources: ucli.EnvVars("FACTDESK_EMBEDDINGS_URL")}
}

func embeddingsModelFlag() ucli.Flag {
	return &ucli.StringFlag{Name: "embeddings-model", Value: "nomic-embed-text", Usage: "the embedding `MODEL` asked of --embeddings-url",
		Sources: ucli.EnvVars("FACTDESK_EMBEDDINGS_MODEL")}
}

// withMatcher opens the store and loads the claims index the embeddings
// flags configure, then runs fn.
func withMatcher(ctx context.Context, cmd *ucli.Command, env Env, fn func(*store.DB, *match.Index) error) error {
	cfg, err := matchConfig(cmd)
	if err != nil {
		return err
	}
	return withStore(ctx, cmd, env, func(db *store.DB) error {
		ix, err := match.Load(ctx, db, cfg)
		if err != nil {
			return err
		}
		return fn(db, ix)
	})
}

// matchConfig is the matching configuration the embeddings flags ask for.
func matchConfig(cmd *ucli.Command) (match.Config, error) {
	cfg, err := pipeline.MatchConfig(config.Config{EmbeddingsURL: cmd.String("embeddings-url"), EmbeddingsModel: cmd.String("embeddings-model")})
	if err != nil {
		return cfg, usageError("--embeddings-url: %v", err)
	}
	return cfg, nil
}
