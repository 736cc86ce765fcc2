package bus

import (
	"encoding/json"
	"os"
	"path/filepath"
	"time"

	"github.com/nats-io/nats.go"
)

// Running reports whether a factdesk process (serve) runs an embedded bus on
// the data folder dir and answers on it. A handoff file left behind by a
// killed process does not count: its server no longer answers.
func Running(dir string) bool {
	raw, err := os.ReadFile(filepath.Join(dir, handoffFile))
	if err != nil {
		return false
	}
	var h handoff
	if json.Unmarshal(raw, &h) != nil {
		return false
	}
	nc, err := nats.Connect(h.URL, nats.Token(h.Token), nats.Name("factdesk-probe"), nats.Timeout(2*time.Second), nats.NoReconnect())
	if err != nil {
		return false
	}
	nc.Close()
	return true
}
