package web

import (
	"testing"

	"github.com/factdesk/factdesk/internal/i18n"
	"github.com/factdesk/factdesk/internal/sourceadmin"
	"github.com/factdesk/factdesk/internal/store"
)

// TestSourcesKeysExist checks the keys the Sources page builds at run time.
func TestSourcesKeysExist(t *testing.T) {
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{"sources.invalid.name_taken": true}
	for _, s := range []string{store.SourceActive, store.SourcePaused, store.SourceFailing, store.SourceRemoved} {
		keys["sources.state."+s] = true
	}
	for _, k := range append(sourceadmin.Kinds(), "push", "import") {
		if kindKey(k) == "" {
			t.Errorf("kind %s has no name", k)
			continue
		}
		keys[kindKey(k)] = true
	}
	for _, c := range sourceadmin.Codes() {
		keys["sources.invalid."+c] = true
	}
	for _, k := range flashes {
		keys[k] = true
	}
	checkKeys(t, cat, keys, "Sources page")
}
