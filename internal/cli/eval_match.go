package cli

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strconv"

	ucli "github.com/urfave/cli/v3"

	"github.com/factdesk/factdesk/internal/claim/match"
)

// evalMatchCommand is `factdesk eval match`.
func evalMatchCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:  "match",
		Usage: "rank claims for each query of a CheckThat! task 2 set and score the ranking",
		Description: "Reads the CheckThat! 2020 task 2 formats: verified claims TSV (vclaim_id, vclaim, title),\n" +
			"queries TSV (tweet_id, tweet_content) and TREC qrels. Indexes the claims in memory (no store\n" +
			"is touched), matches every query and prints MAP@1, MAP@3, MAP@5, MRR, P@1 and Recall@5 as\n" +
			"the task's scorer computes them (AP@k divided by the number of relevant claims).\n" +
			"--run writes the ranking in TREC run format: query_id Q0 claim_id rank score tag.",
		Flags: []ucli.Flag{
			&ucli.StringFlag{Name: "claims", Required: true, Usage: "verified claims TSV (`FILE`)"},
			&ucli.StringFlag{Name: "queries", Required: true, Usage: "queries TSV (`FILE`)"},
			&ucli.StringFlag{Name: "qrels", Usage: "TREC qrels (`FILE`); without it only the run is written"},
			&ucli.IntFlag{Name: "k", Value: 5, Usage: "claims ranked per query (at least 5 are written to --run)"},
			&ucli.StringFlag{Name: "run", Usage: "write the ranking in TREC run format to `FILE`"},
			&ucli.StringFlag{Name: "tag", Value: "factdesk", Usage: "run tag written to --run"},
			jsonFlag(),
			embeddingsURLFlag(), embeddingsModelFlag(),
		},
		Action: func(ctx context.Context, cmd *ucli.Command) error { return evalMatch(cmd, env) },
	}
}

func evalMatch(cmd *ucli.Command, env Env) error {
	k := int(cmd.Int("k"))
	if k < 1 {
		return usageError("--k %d: want at least 1", k)
	}
	cfg, err := matchConfig(cmd)
	if err != nil {
		return err
	}
	ix := match.New(cfg)
	var queries []match.Query
	err = readWith(cmd.String("claims"), func(f *os.File) error {
		cs, err := match.ReadCheckThatClaims(f)
		for _, c := range cs {
			ix.Upsert(c)
		}
		return err
	})
	if err == nil {
		err = readWith(cmd.String("queries"), func(f *os.File) (err error) {
			queries, err = match.ReadQueries(f)
			return err
		})
	}
	if err != nil {
		return fmt.Errorf("eval match: %w", err)
	}
	run := map[string][]string{}
	scores := map[string][]float64{}
	for _, q := range queries {
		for _, r := range ix.Match(q.Text, match.Options{K: max(k, 5)}) {
			run[q.ID] = append(run[q.ID], strconv.FormatInt(r.ClaimID, 10))
			scores[q.ID] = append(scores[q.ID], r.Score)
		}
	}
	if n := ix.EmbeddingFailures(); n > 0 {
		fmt.Fprintf(env.Stderr, "warning: the embeddings endpoint failed for %d of %d queries; those are ranked lexically\n", n, len(queries))
	}
	if out := cmd.String("run"); out != "" {
		if err := writeRun(out, cmd.String("tag"), queries, run, scores); err != nil {
			return err
		}
	}
	if cmd.String("qrels") == "" {
		fmt.Fprintf(env.Stdout, "%d queries ranked against %d claims\n", len(queries), ix.Len())
		return nil
	}
	var qrels match.Qrels
	if err := readWith(cmd.String("qrels"), func(f *os.File) (err error) { qrels, err = match.ReadQrels(f); return err }); err != nil {
		return fmt.Errorf("eval match: %w", err)
	}
	for id := range run {
		run[id] = run[id][:min(k, len(run[id]))]
	}
	s := match.Evaluate(run, qrels)
	if cmd.Bool("json") {
		return printJSON(env.Stdout, map[string]any{"claims": ix.Len(), "scores": s})
	}
	fmt.Fprintf(env.Stdout, "queries %d, claims %d\n", s.Queries, ix.Len())
	fmt.Fprintf(env.Stdout, "MAP@1 %.4f  MAP@3 %.4f  MAP@5 %.4f  MRR %.4f  P@1 %.4f  Recall@5 %.4f\n",
		s.MAP1, s.MAP3, s.MAP5, s.MRR, s.P1, s.Recall5)
	return nil
}

func readWith(name string, fn func(*os.File) error) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := fn(f); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// writeRun writes a TREC run. Scores written are strictly decreasing within
// a query, because trec_eval orders by score (not by rank) and breaks ties
// by claim id, which would reorder claims of equal calibrated score.
func writeRun(name, tag string, queries []match.Query, run map[string][]string, scores map[string][]float64) error {
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("--run: %w", err)
	}
	w := bufio.NewWriter(f)
	for _, q := range queries {
		prev := 2.0
		for i, id := range run[q.ID] {
			s := min(scores[q.ID][i], prev-1e-6)
			prev = s
			fmt.Fprintf(w, "%s\tQ0\t%s\t%d\t%.6f\t%s\n", q.ID, id, i+1, s, tag)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("--run: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("--run: %w", err)
	}
	return nil
}
