package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/store/storetest"
)

// These tests build the real binary and drive it as a user would.

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "factdesk-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "factdesk")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "build factdesk: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// run runs the binary to completion and returns stdout, failing on a non-zero exit.
func run(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("factdesk %s: %v\nstderr: %s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServe starts `factdesk serve` and waits for /readyz.
func startServe(t *testing.T, args ...string) (*exec.Cmd, string, *bytes.Buffer) {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(binary, append([]string{"serve", "--addr", addr, "--log-format", "json"}, args...)...)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	base := "http://" + addr
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server not ready within 10s: %v\nlogs: %s", err, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	return cmd, base, &logs
}

func stop(t *testing.T, cmd *exec.Cmd, logs *bytes.Buffer) {
	t.Helper()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve did not exit 0 on SIGTERM: %v\nlogs: %s", err, logs.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("serve did not stop within 20s of SIGTERM\nlogs: %s", logs.String())
	}
}

func TestVersion(t *testing.T) {
	out := run(t, "", "version", "--json")
	var v struct{ Version, Commit, Go string }
	if err := json.Unmarshal([]byte(out), &v); err != nil || v.Go == "" || v.Version == "" {
		t.Fatalf("version: %q %v", out, err)
	}
}

func TestServeSIGTERMKeepsData(t *testing.T) {
	data := filepath.Join(t.TempDir(), "empty")
	serveAndStop(t, "--data", data)
	if _, err := os.Stat(filepath.Join(data, "factdesk.db")); err != nil {
		t.Fatalf("no SQLite file: %v", err)
	}
}

func TestServeSIGTERMKeepsDataPostgres(t *testing.T) {
	serveAndStop(t, "--db", storetest.FreshPostgresURL(t))
}

// serveAndStop starts serve on a fresh store, adds a unit and a user while it
// runs, logs in through the form, stops it with SIGTERM and checks that the
// records are still there.
func serveAndStop(t *testing.T, storeArgs ...string) {
	cmd, base, logs := startServe(t, storeArgs...)
	metrics := get(t, base+"/metrics")
	if !strings.Contains(metrics, "go_goroutines") || !strings.Contains(metrics, "factdesk_http_requests_total") {
		t.Fatalf("metrics:\n%.500s", metrics)
	}
	run(t, "", append([]string{"unit", "add", "--name", "Tỉnh Thử"}, storeArgs...)...)
	run(t, "a long enough password\n", append([]string{"user", "add", "--email", "lan@example.org", "--name", "Lan", "--role", "editor", "--password-stdin"}, storeArgs...)...)
	login(t, base, "lan@example.org", "a long enough password")
	stop(t, cmd, logs)
	if !strings.Contains(logs.String(), "stopped cleanly") {
		t.Fatalf("no clean-stop log:\n%s", logs.String())
	}
	var stats map[string]int
	if err := json.Unmarshal([]byte(run(t, "", append([]string{"stats", "--json"}, storeArgs...)...)), &stats); err != nil {
		t.Fatal(err)
	}
	if stats["users"] != 1 || stats["units"] != 1 {
		t.Fatalf("stats after restart: %v", stats)
	}
}

func get(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// login posts the login form the way a browser without JavaScript would and
// checks that the dashboard greets the user.
func login(t *testing.T, base, email, password string) {
	t.Helper()
	jar := newJar()
	c := &http.Client{Jar: jar}
	resp, err := c.PostForm(base+"/login", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Lan") {
		t.Fatalf("login: status %d, final URL %s\n%.800s", resp.StatusCode, resp.Request.URL, body)
	}
}
