package pipeline

import (
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/claim/match"
	"github.com/factdesk/factdesk/internal/config"
)

func TestMatchConfig(t *testing.T) {
	mc, err := MatchConfig(config.Config{})
	if err != nil || mc.Embedder != nil {
		t.Fatalf("no URL: %+v %v, want lexical matching", mc, err)
	}
	mc, err = MatchConfig(config.Config{EmbeddingsURL: "http://127.0.0.1:11434", EmbeddingsModel: "nomic-embed-text"})
	e, ok := mc.Embedder.(*match.HTTPEmbedder)
	if err != nil || !ok || e.URL != "http://127.0.0.1:11434/v1/embeddings" || e.Model != "nomic-embed-text" {
		t.Fatalf("with a URL: %+v %v", mc.Embedder, err)
	}
	for _, c := range []config.Config{{EmbeddingsURL: "localhost:11434", EmbeddingsModel: "m"}, {EmbeddingsURL: "http://127.0.0.1:11434"}} {
		if _, err := MatchConfig(c); err == nil || !strings.Contains(err.Error(), "semantic matching") {
			t.Errorf("%+v: %v, want an error", c, err)
		}
	}
}
