package bench

import (
	"bytes"
	"os"
	"strconv"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/factdesk/factdesk/internal/importer"
	"github.com/factdesk/factdesk/internal/post"
)

// BenchmarkPeerBleve indexes the same generated posts that
// `factdesk bench pipeline` ingests into bleve, a general-purpose Go search
// library (its default scorch index on disk), without clustering or a durable queue: the peer to
// compare posts/s with. FACTDESK_BENCH_POSTS sets the number (default 20000).
//
//	go test ./internal/bench -run XXX -bench PeerBleve -benchtime 1x
func BenchmarkPeerBleve(b *testing.B) {
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("FACTDESK_BENCH_POSTS")); err == nil && v > 0 {
		n = v
	}
	var buf bytes.Buffer
	if err := Generate(&buf, Options{Posts: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	var posts []post.Post
	if err := importer.Read(&buf, importer.Options{}, func(r importer.Record) error {
		posts = append(posts, r.Post)
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		ix, err := bleve.New(b.TempDir()+"/peer.bleve", bleve.NewIndexMapping()) // scorch, bleve's default index
		if err != nil {
			b.Fatal(err)
		}
		batch := ix.NewBatch()
		for i, p := range posts {
			if err := batch.Index(p.ExternalID, map[string]any{"text": p.Text, "url": p.URL, "published_at": p.PublishedAt}); err != nil {
				b.Fatal(err)
			}
			if (i+1)%1000 == 0 {
				if err := ix.Batch(batch); err != nil {
					b.Fatal(err)
				}
				batch = ix.NewBatch()
			}
		}
		if err := ix.Batch(batch); err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "posts/s")
}
