package bench

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/importer"
	"github.com/factdesk/factdesk/internal/intake"
	"github.com/factdesk/factdesk/internal/post"
)

func TestGenerateIsDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := Generate(&a, Options{Posts: 300, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	if err := Generate(&b, Options{Posts: 300, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Fatal("same seed, different posts")
	}
	n, labels := 0, map[string]int{}
	err := importer.Read(&a, importer.Options{}, func(r importer.Record) error {
		if r.Err != nil {
			t.Fatalf("line %d: %v", r.Line, r.Err)
		}
		n++
		labels[r.Label]++
		return nil
	})
	if err != nil || n != 300 {
		t.Fatalf("read %d: %v", n, err)
	}
	shared := 0
	for _, c := range labels {
		if c > 1 {
			shared += c
		}
	}
	if shared < 100 {
		t.Fatalf("only %d posts share a story", shared)
	}
}

type countSub struct{ n int }

func (c *countSub) Submit(_ context.Context, posts []post.Post, progress func(int)) (intake.Summary, error) {
	var s intake.Summary
	for i := range posts {
		s.Add(intake.Outcome{Seq: i, Status: "imported"})
	}
	progress(len(posts))
	c.n += len(posts)
	return s, nil
}

func TestRunPipeline(t *testing.T) {
	file := filepath.Join(t.TempDir(), "p.jsonl")
	var buf bytes.Buffer
	if err := Generate(&buf, Options{Posts: 500, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	buf.WriteString(`{"text": 5}` + "\n")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	sub := &countSub{}
	res, err := RunPipeline(context.Background(), file, 1, sub, clock.Real{})
	if err != nil || res.Posts != 501 || res.Stored != 500 || res.Rejected != 1 || sub.n != 500 {
		t.Fatalf("%+v %v", res, err)
	}
	if res.PeakRSSMiB <= 0 && strings.Contains(os.Getenv("GOOS"), "linux") {
		t.Fatal("no RSS figure")
	}
}
