package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
)

func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(context.Background(), append([]string{"factdesk"}, args...),
		Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Clock: clock.NewFake(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))})
	return out.String(), errb.String(), code
}

func TestEvalStories(t *testing.T) {
	dir := t.TempDir()
	posts := filepath.Join(dir, "posts.jsonl")
	lines := `{"id": 7, "text": "Cầu Long Biên tạm cấm xe máy từ tối nay để sửa chữa mặt cầu, dự kiến kéo dài hai tuần.", "story": "a"}
{"id": "x8", "text": "CAU LONG BIEN tam cam xe may tu toi nay de sua chua mat cau, du kien keo dai hai tuan #hanoi", "story": "a"}
{"text": "Heavy snow has closed the mountain pass; drivers are advised to use the coastal route.", "story": "b"}
{"text": ""}
{"text": "Heavy snow has closed the mountain pass; drivers are advised to use the coastal route until further notice!!", "story": "b"}
`
	if err := os.WriteFile(posts, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	as := filepath.Join(dir, "as.jsonl")
	out, errs, code := runCLI(t, "eval", "stories", "--posts", posts, "--assignments", as, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "posts.jsonl:4: rejected") {
		t.Errorf("rejected record not reported: %q", errs)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got["posts"] != 4.0 || got["stories"] != 2.0 || got["precision"] != 1.0 || got["recall"] != 1.0 || got["f1"] != 1.0 {
		t.Fatalf("output %v", got)
	}
	b, err := os.ReadFile(as)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":7,"story":1}
{"id":"x8","story":1}
{"id":3,"story":3}
{"id":5,"story":3}
`
	if string(b) != want {
		t.Fatalf("assignments:\n%s\nwant:\n%s", b, want)
	}

	out, _, code = runCLI(t, "eval", "stories", "--posts", posts, "--threshold", "1")
	if code != 0 || !strings.Contains(out, "pair precision 1.0000, pair recall 0.0000") {
		t.Fatalf("threshold 1: exit %d, %q", code, out)
	}
	if _, errs, code := runCLI(t, "eval", "stories", "--posts", posts, "--threshold", "0"); code != 2 || !strings.Contains(errs, "--threshold") {
		t.Fatalf("bad threshold: exit %d, %q", code, errs)
	}
}
