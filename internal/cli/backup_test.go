package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestBackupRestoreCommands runs the commands as a user would: backup of a
// data folder, a refused restore over it, a forced one, and check.
func TestBackupRestoreCommands(t *testing.T) {
	data := t.TempDir()
	file := filepath.Join(t.TempDir(), "factdesk.backup")
	if _, stderr, code := runCLI(t, "--data", data, "unit", "add", "--name", "Thành phố Đà Nẵng"); code != 0 {
		t.Fatalf("unit add: %d %s", code, stderr)
	}
	out, stderr, code := runCLI(t, "--data", data, "backup", file)
	if code != 0 || !strings.Contains(out, "backed up sqlite store (schema version") {
		t.Fatalf("backup: %d %q %s", code, out, stderr)
	}
	if _, stderr, code = runCLI(t, "--data", data, "restore", file); code == 0 || !strings.Contains(stderr, "--force") {
		t.Fatalf("restore over the store without --force: %d %s", code, stderr)
	}
	out, stderr, code = runCLI(t, "--data", data, "restore", "--force", "--json", file)
	var res struct {
		Dialect  string `json:"dialect"`
		Version  int64  `json:"schema_version"`
		Previous string `json:"previous"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || res.Dialect != "sqlite" || res.Version == 0 || res.Previous == "" {
		t.Fatalf("restore --force: %d %q %s", code, out, stderr)
	}
	out, stderr, code = runCLI(t, "--data", data, "check")
	if code != 0 || !strings.Contains(out, "integrity      ok") || !strings.Contains(out, "audit chain    ok") {
		t.Fatalf("check: %d %q %s", code, out, stderr)
	}
	out, _, _ = runCLI(t, "--data", data, "unit", "list")
	if !strings.Contains(out, "Thành phố Đà Nẵng") {
		t.Fatalf("the restored store lost its unit: %q", out)
	}
	if _, stderr, code = runCLI(t, "--data", data, "backup"); code != 2 || !strings.Contains(stderr, "name the backup file") {
		t.Fatalf("backup without a file: %d %s", code, stderr)
	}
}
