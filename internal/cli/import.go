package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/schollz/progressbar/v3"
	ucli "github.com/urfave/cli/v3"

	"github.com/factdesk/factdesk/internal/importer"
	"github.com/factdesk/factdesk/internal/intake"
	"github.com/factdesk/factdesk/internal/pipeline"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
)

func importCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:  "import",
		Usage: "import records from files",
		Commands: []*ucli.Command{{
			Name:      "posts",
			Usage:     "import posts from JSON Lines or CSV files",
			ArgsUsage: "FILE...",
			Description: "Each record is a post with the fields id, url, text, title, author_handle,\n" +
				"published_at, lang, platform and metrics (see internal/importer for the schema).\n" +
				"Bad records are reported on stderr with their line and reason; the rest land.\n" +
				"Importing the same file again stores nothing new. Prints one summary line:\n" +
				"imported N, duplicates D, rejected R.",
			Flags: []ucli.Flag{
				&ucli.StringFlag{Name: "format", Usage: "jsonl or csv (default: from the file name)"},
				&ucli.StringFlag{Name: "source", Value: "import", Usage: "name of the source the posts are filed under"},
				&ucli.StringFlag{Name: "map", Usage: "field=column pairs for files that name fields otherwise, e.g. text=message,id=post_id"},
				jsonFlag(),
			},
			Action: func(ctx context.Context, cmd *ucli.Command) error { return importPosts(ctx, cmd, env) },
		}},
	}
}

// importBatch is how many posts are queued before waiting for their outcomes.
const importBatch = 20000

type importRun struct {
	env     Env
	pipe    *pipeline.Pipeline
	src     store.Source
	sum     intake.Summary
	pending []post.Post
	where   []string // "file:line" of each pending post
	bar     *progressbar.ProgressBar

	mu        sync.Mutex // guards sum and stderr between the reader and the chunk in flight
	inflight  chan error
	submitted int
}

func importPosts(ctx context.Context, cmd *ucli.Command, env Env) error {
	files := cmd.Args().Slice()
	if len(files) == 0 {
		return usageError("name at least one file to import")
	}
	mapping, err := importer.ParseMapping(cmd.String("map"))
	if err != nil {
		return usageError("%v", err)
	}
	format := cmd.String("format")
	if format != "" && format != "jsonl" && format != "csv" {
		return usageError("--format %q: want jsonl or csv", format)
	}
	cfg, logger, db, err := openStore(ctx, cmd, env)
	if err != nil {
		return err
	}
	defer db.Close()
	src, err := db.EnsureSource(ctx, cliActor, "import", cmd.String("source"))
	if err != nil {
		return fmt.Errorf("source %q: %w", cmd.String("source"), err)
	}
	pipe, err := pipeline.Open(ctx, pipeline.Options{Config: cfg, Store: db, Logger: logger, Clock: env.Clock})
	if err != nil {
		return err
	}
	defer pipe.Close()
	run := &importRun{env: env, pipe: pipe, src: src}
	if isTerminal(env.Stdout) {
		run.bar = progressbar.NewOptions64(-1, progressbar.OptionSetWriter(env.Stderr), progressbar.OptionSetDescription("importing"),
			progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("posts"), progressbar.OptionClearOnFinish())
	}
	for _, name := range files {
		if err := run.file(ctx, name, format, mapping); err != nil {
			_ = run.wait()
			return err
		}
	}
	if err := run.flush(ctx); err != nil {
		return err
	}
	if err := run.wait(); err != nil {
		return err
	}
	if run.bar != nil {
		_ = run.bar.Finish()
	}
	s := run.sum
	if cmd.Bool("json") {
		return printJSON(env.Stdout, map[string]int{"imported": s.Imported + s.Updated, "updated": s.Updated, "duplicates": s.Duplicates, "rejected": s.Rejected})
	}
	fmt.Fprintf(env.Stdout, "imported %d, duplicates %d, rejected %d\n", s.Imported+s.Updated, s.Duplicates, s.Rejected)
	return nil
}

func (r *importRun) file(ctx context.Context, name, format string, mapping map[string]string) error {
	var in io.Reader
	if name == "-" {
		in = r.env.Stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		defer f.Close()
		in = f
	}
	if format == "" {
		format = importer.FormatOf(name)
	}
	now := r.env.Clock.Now()
	err := importer.Read(in, importer.Options{Format: format, Mapping: mapping}, func(rec importer.Record) error {
		where := fmt.Sprintf("%s:%d", name, rec.Line)
		if rec.Err == nil {
			rec.Post.SourceID = r.src.ID
			if rec.Post.Platform == "" {
				rec.Post.Platform = "import"
			}
			rec.Err = intake.Normalize(&rec.Post, now)
		}
		if rec.Err != nil {
			r.reject(where, rec.Err.Error())
			return nil
		}
		r.pending = append(r.pending, rec.Post)
		r.where = append(r.where, where)
		if len(r.pending) >= importBatch {
			return r.flush(ctx)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("import %s: %w", name, err)
	}
	return nil
}

func (r *importRun) reject(where, reason string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sum.Rejected++
	fmt.Fprintf(r.env.Stderr, "%s: rejected: %s\n", where, reason)
}

// flush queues the pending posts in the background, so that reading the
// next chunk overlaps with writing this one; it first waits for the chunk
// queued before, so at most two are in flight.
func (r *importRun) flush(ctx context.Context) error {
	if err := r.wait(); err != nil {
		return err
	}
	if len(r.pending) == 0 {
		return nil
	}
	posts, where := r.pending, r.where
	r.pending, r.where = nil, nil
	done := make(chan error, 1)
	r.inflight = done
	go func() {
		base := r.submitted
		sum, err := r.pipe.Submit(ctx, posts, func(n int) {
			if r.bar != nil {
				_ = r.bar.Set(base + n)
			}
		})
		if err == nil {
			for i, o := range sum.Outcomes {
				if o.Status == intake.StatusRejected {
					r.reject(where[i], o.Reason)
					continue
				}
				r.count(o)
			}
		}
		done <- err
	}()
	r.submitted += len(posts)
	return nil
}

// wait waits for the chunk in flight, if any.
func (r *importRun) wait() error {
	if r.inflight == nil {
		return nil
	}
	err := <-r.inflight
	r.inflight = nil
	return err
}

func (r *importRun) count(o intake.Outcome) {
	r.mu.Lock()
	r.sum.Add(o)
	r.mu.Unlock()
}
