package scaleout_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// buildBinary builds factdesk once into dir.
func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "factdesk")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/factdesk/factdesk/cmd/factdesk").CombinedOutput()
	if err != nil {
		t.Fatalf("build factdesk: %v\n%s", err, out)
	}
	return bin
}

// proc is a factdesk process started by a test, with its log kept in a file.
type proc struct {
	name string
	cmd  *exec.Cmd
	log  string
	done chan struct{}
	url  string // serve: where it answers
}

// cluster starts factdesk processes sharing one database and one NATS
// namespace.
type cluster struct {
	t   *testing.T
	bin string
	dir string
	env []string

	mu    sync.Mutex
	procs []*proc
}

func (c *cluster) run(args []string, stdin string) string {
	c.t.Helper()
	cmd := exec.Command(c.bin, args...)
	cmd.Env = c.env
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		c.t.Fatalf("factdesk %s: %v\n%s", strings.Join(args, " "), err, errb.String())
	}
	return strings.TrimSpace(out.String())
}

var runningAt = regexp.MustCompile(`running at (http://\S+?)/? `)

// start starts a long-running process; serve waits until it answers.
func (c *cluster) start(name string, args ...string) *proc {
	c.t.Helper()
	p := &proc{name: name, log: filepath.Join(c.dir, fmt.Sprintf("%s-%d.log", name, time.Now().UnixNano())), done: make(chan struct{})}
	logf, err := os.Create(p.log)
	if err != nil {
		c.t.Fatal(err)
	}
	p.cmd = exec.Command(c.bin, args...)
	p.cmd.Env = c.env
	p.cmd.Stderr = logf
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		c.t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		c.t.Fatalf("start %s: %v", name, err)
	}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := runningAt.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case urls <- m[1]:
				default:
				}
			}
		}
	}()
	go func() {
		_ = p.cmd.Wait()
		logf.Close()
		close(p.done)
	}()
	c.mu.Lock()
	c.procs = append(c.procs, p)
	c.mu.Unlock()
	if name == "serve" {
		select {
		case p.url = <-urls:
		case <-p.done:
			c.t.Fatalf("serve exited:\n%s", tail(p.log))
		case <-time.After(60 * time.Second):
			c.t.Fatalf("serve did not start:\n%s", tail(p.log))
		}
	}
	return p
}

// kill sends SIGKILL and waits for the process to die.
func (p *proc) kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// stop sends SIGTERM and waits (up to a minute) for a clean exit.
func (p *proc) stop(t *testing.T) {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(time.Minute):
		t.Errorf("%s did not stop within a minute of SIGTERM", p.name)
		p.kill()
	}
}

// logHas reports whether the process logged a line containing all parts.
func (p *proc) logHas(parts ...string) bool {
	raw, _ := os.ReadFile(p.log)
	for line := range strings.SplitSeq(string(raw), "\n") {
		ok := true
		for _, s := range parts {
			ok = ok && strings.Contains(line, s)
		}
		if ok {
			return true
		}
	}
	return false
}

// shutdown stops every process still running and, when the test failed,
// shows the end of each log.
func (c *cluster) shutdown() {
	c.mu.Lock()
	procs := c.procs
	c.mu.Unlock()
	for i := len(procs) - 1; i >= 0; i-- {
		procs[i].stop(c.t)
	}
	if c.t.Failed() {
		for _, p := range procs {
			c.t.Logf("--- %s (%s):\n%s", p.name, p.log, tail(p.log))
		}
	}
}

func tail(path string) string {
	raw, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	if len(lines) > 30 {
		lines = lines[len(lines)-30:]
	}
	return strings.Join(lines, "\n")
}

// waitUntil polls cond every 250 ms until it holds or the timeout passes.
func waitUntil(ctx context.Context, timeout time.Duration, cond func() (bool, error)) error {
	deadline := time.Now().Add(timeout)
	for {
		ok, err := cond()
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not within %s", timeout)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}
