package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"

	ucli "github.com/urfave/cli/v3"

	"github.com/factdesk/factdesk/internal/importer"
	"github.com/factdesk/factdesk/internal/intake"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/story"
)

func evalCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:  "eval",
		Usage: "measure factdesk's text processing against labelled data",
		Commands: []*ucli.Command{{
			Name:  "stories",
			Usage: "group the posts of a JSON Lines file into stories and score them against their labels",
			Description: "Reads posts as `factdesk import posts` does and groups them into stories as the pipeline\n" +
				"would, in memory (no store is touched). Posts are numbered from 1 in file order; a story's id\n" +
				"is the number of its first post. When records carry a \"story\" label, prints pair precision,\n" +
				"pair recall and F1 over the labelled posts: a pair is predicted when both posts are in one\n" +
				"story and true when both carry one label.",
			Flags: []ucli.Flag{
				&ucli.StringFlag{Name: "posts", Required: true, Usage: "JSON Lines file of posts (`FILE`), optionally with a \"story\" label each"},
				&ucli.Float64Flag{Name: "threshold", Value: story.DefaultThreshold, Usage: "estimated Jaccard similarity at which a post joins a story, in (0, 1]"},
				&ucli.StringFlag{Name: "assignments", Usage: "write one JSON line per post, {\"id\": ..., \"story\": ...}, to `FILE`"},
				jsonFlag(),
			},
			Action: func(ctx context.Context, cmd *ucli.Command) error { return evalStories(cmd, env) },
		}, evalMatchCommand(env)},
	}
}

// evalRecord is one post read for evaluation.
type evalRecord struct {
	id    json.RawMessage // the record's own id as written, or its line number
	label string
}

func evalStories(cmd *ucli.Command, env Env) error {
	th := cmd.Float64("threshold")
	if !(th > 0 && th <= 1) {
		return usageError("--threshold %v: want a similarity in (0, 1]", th)
	}
	cfg := story.Config{Threshold: th}
	name := cmd.String("posts")
	data, err := os.ReadFile(name)
	if err != nil {
		return fmt.Errorf("eval stories: %w", err)
	}
	posts, recs, rejected, err := readEvalPosts(data, name, env)
	if err != nil {
		return err
	}
	ids, err := story.Cluster(posts, cfg)
	if err != nil {
		return err
	}
	if out := cmd.String("assignments"); out != "" {
		if err := writeAssignments(out, recs, ids); err != nil {
			return err
		}
	}
	return printEvalStories(cmd, env, ids, recs, rejected)
}

// readEvalPosts reads and normalises the posts of a JSON Lines file,
// reporting refused records on stderr.
func readEvalPosts(data []byte, name string, env Env) ([]post.Post, []evalRecord, int, error) {
	lines := bytes.Split(data, []byte("\n"))
	now := env.Clock.Now()
	var posts []post.Post
	var recs []evalRecord
	rejected := 0
	err := importer.Read(bytes.NewReader(data), importer.Options{Format: "jsonl"}, func(r importer.Record) error {
		if r.Err == nil {
			r.Err = intake.Normalize(&r.Post, now)
		}
		if r.Err != nil {
			rejected++
			fmt.Fprintf(env.Stderr, "%s:%d: rejected: %v\n", name, r.Line, r.Err)
			return nil
		}
		rec := evalRecord{id: json.RawMessage(fmt.Sprint(r.Line)), label: r.Label}
		var raw struct {
			ID json.RawMessage `json:"id"`
		}
		if r.Line <= len(lines) && json.Unmarshal(bytes.TrimPrefix(lines[r.Line-1], []byte("\xef\xbb\xbf")), &raw) == nil &&
			len(raw.ID) > 0 && string(raw.ID) != "null" {
			rec.id = raw.ID
		}
		r.Post.ID = int64(len(posts) + 1)
		posts, recs = append(posts, r.Post), append(recs, rec)
		return nil
	})
	if err != nil {
		return nil, nil, 0, fmt.Errorf("eval stories: %w", err)
	}
	return posts, recs, rejected, nil
}

func writeAssignments(name string, recs []evalRecord, ids []int64) error {
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("--assignments: %w", err)
	}
	w := bufio.NewWriter(f)
	for i, r := range recs {
		line, err := json.Marshal(struct {
			ID    json.RawMessage `json:"id"`
			Story int64           `json:"story"`
		}{r.id, ids[i]})
		if err != nil {
			f.Close()
			return fmt.Errorf("--assignments: %w", err)
		}
		w.Write(append(line, '\n'))
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("--assignments: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("--assignments: %w", err)
	}
	return nil
}

func printEvalStories(cmd *ucli.Command, env Env, ids []int64, recs []evalRecord, rejected int) error {
	labels := make([]string, len(recs))
	labelled := 0
	for i, r := range recs {
		labels[i] = r.label
		if r.label != "" {
			labelled++
		}
	}
	distinct := map[int64]bool{}
	for _, id := range ids {
		distinct[id] = true
	}
	sc := story.ScorePairs(ids, labels)
	if cmd.Bool("json") {
		out := map[string]any{"posts": len(ids), "stories": len(distinct), "rejected": rejected, "threshold": cmd.Float64("threshold")}
		if labelled > 0 {
			out["labelled"], out["labels"], out["true_pairs"], out["predicted_pairs"] = sc.Posts, sc.Labels, sc.TruePairs, sc.PredictedPairs
			out["precision"], out["recall"], out["f1"] = sc.Precision, sc.Recall, sc.F1
		}
		return printJSON(env.Stdout, out)
	}
	w := env.Stdout
	fmt.Fprintf(w, "posts %d, stories %d, rejected %d (threshold %.2f)\n", len(ids), len(distinct), rejected, cmd.Float64("threshold"))
	if labelled == 0 {
		fmt.Fprintln(w, "no \"story\" labels in the file: nothing to score")
		return nil
	}
	fmt.Fprintf(w, "pair precision %.4f, pair recall %.4f, F1 %.4f\n", sc.Precision, sc.Recall, sc.F1)
	fmt.Fprintf(w, "(%d labelled posts in %d labels and %d stories; %d true pairs, %d predicted, %d correct)\n",
		sc.Posts, sc.Labels, sc.Stories, sc.TruePairs, sc.PredictedPairs, sc.CorrectPairs)
	return nil
}
