package cli

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/factdesk/factdesk/internal/app"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/config"
	"github.com/factdesk/factdesk/internal/publish"
	"github.com/factdesk/factdesk/internal/store"
)

// TestPublishedFactCheckIsMatched is the check from outside: a
// fact-check published through the API appears on /facts, its page (with
// ClaimReview), both feeds and the public API; and a post imported later
// that repeats its claim raises a known-claim alert for it.
func TestPublishedFactCheckIsMatched(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the whole application")
	}
	dir := t.TempDir()
	ctx := context.Background()
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	cfg := config.Config{DataDir: dir, Addr: "127.0.0.1:0", BaseURL: "https://facts.example.org", MaxBodyBytes: config.DefaultMaxBodyBytes}
	a, err := app.Open(ctx, cfg, slog.New(slog.DiscardHandler), clock.NewFake(now.Add(-time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	unit, err := a.DB.CreateUnit(ctx, "test", auth.Unit{Name: "Sở TT&TT Hải Thành"})
	if err != nil {
		t.Fatal(err)
	}
	u, err := a.DB.CreateUser(ctx, "test", auth.User{Email: "lead@example.org", Name: "Lead", PasswordHash: "x"}, &auth.Membership{UnitID: unit.ID, Role: auth.Lead})
	if err != nil {
		t.Fatal(err)
	}
	_, token, err := a.DB.CreateToken(ctx, "test", u.ID, "integration", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.DB.SetPublishSettings(ctx, "test", unit.ID, publish.Settings{SelfApproval: true}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	body := `{"publish": true, "unit_id": ` + jsonInt(unit.ID) + `, "title": "Đập thủy điện Hòa Bắc không có nguy cơ vỡ",
	  "claim_reviewed": "Đập thủy điện ở Hòa Bắc sắp vỡ, người dân Hòa Vang phải sơ tán ngay trong đêm nay",
	  "claimant": "Bài đăng trên mạng xã hội", "rating": "false", "rating_text": "Sai sự thật", "language": "vi",
	  "summary": "Ban chỉ huy phòng chống thiên tai xác nhận đập vận hành an toàn.",
	  "body_md": "Đập vận hành **bình thường**.", "appearances": ["https://social.example/p/1"],
	  "citations": [{"url": "https://pctt.example.gov.vn/tb/12", "title": "Ban chỉ huy PCTT"}]}`
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/publications", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var pub struct {
		Slug, Status string
		ClaimID      int64 `json:"claim_id"`
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if json.Unmarshal(raw, &pub); resp.StatusCode != http.StatusCreated || pub.Status != "published" {
		t.Fatalf("publish through the API: %d %s", resp.StatusCode, raw)
	}
	title := "Đập thủy điện Hòa Bắc không có nguy cơ vỡ"
	get := func(path string) string {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		return string(b)
	}
	for _, path := range []string{"/facts", "/facts/" + pub.Slug, "/api/public/v1/facts"} {
		if !strings.Contains(get(path), title) {
			t.Errorf("%s does not show the new fact-check", path)
		}
	}
	if !strings.Contains(get("/facts/"+pub.Slug), `"@type":"ClaimReview"`) {
		t.Error("the page has no ClaimReview")
	}
	for _, path := range []string{"/facts.rss", "/facts.atom"} {
		f, err := gofeed.NewParser().ParseString(get(path))
		if err != nil || len(f.Items) != 1 || f.Items[0].Title != title {
			t.Errorf("%s: %v %+v", path, err, f)
		}
	}
	// A post pushed right after publishing is matched at once: the publish
	// put the claim into this process's matcher.
	req, _ = http.NewRequest(http.MethodPost, srv.URL+"/api/v1/intake?source=push", strings.NewReader(
		`{"id": "live-1", "text": "Đập thủy điện ở Hòa Bắc SẮP VỠ, người dân Hòa Vang sơ tán ngay trong đêm nay!!", "published_at": "2026-10-31T21:00:00Z"}`+"\n"))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/x-ndjson")
	if resp, err = http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("push: %v %v", resp, err)
	}
	resp.Body.Close()
	live, err := a.DB.Alerts(ctx, store.AlertFilter{Kinds: []string{"known_claim"}})
	if err != nil || len(live) != 1 || live[0].ClaimID != pub.ClaimID {
		t.Fatalf("known_claim alerts right after publishing: %+v %v", live, err)
	}
	srv.Close()
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}

	posts := filepath.Join(dir, "later.jsonl")
	lines := `{"id": "p1", "text": "KHẨN: đập thủy điện ở Hòa Bắc sắp vỡ!! người dân Hòa Vang sơ tán ngay trong đêm nay", "published_at": "2026-10-31T20:00:00Z"}` + "\n"
	if err := os.WriteFile(posts, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := runCLI(t, "--data", dir, "import", "posts", posts); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	out, errs, code := runCLI(t, "--data", dir, "alert", "list", "--json")
	if code != 0 {
		t.Fatalf("alert list: exit %d: %s", code, errs)
	}
	var alerts []struct {
		Kind    string
		Claim   int64 `json:"claim"`
		Details struct {
			ClaimID   int64  `json:"claim_id"`
			ReviewURL string `json:"review_url"`
		}
	}
	if err := json.Unmarshal([]byte(out), &alerts); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	found := false
	for _, al := range alerts {
		found = found || al.Kind == "known_claim" && al.Details.ClaimID == pub.ClaimID && al.Details.ReviewURL == "https://facts.example.org/facts/"+pub.Slug
	}
	if !found {
		t.Fatalf("no known_claim alert for claim %d: %s", pub.ClaimID, out)
	}

	// The CLI lists, shows and retracts it; the library record stops alarming.
	if out, _, code := runCLI(t, "--data", dir, "publication", "settings", "1", "--self-approval=false"); code != 0 || !strings.Contains(out, "self-approval false") {
		t.Fatalf("settings (%d): %s", code, out)
	}
	out, _, code = runCLI(t, "--data", dir, "publication", "list")
	if code != 0 || !strings.Contains(out, pub.Slug) || !strings.Contains(out, "published") {
		t.Fatalf("publication list (%d): %s", code, out)
	}
	if _, errs, code := runCLI(t, "--data", dir, "publication", "retract", "1"); code == 0 || !strings.Contains(errs, "reason") {
		t.Fatalf("retract without a reason: %d %s", code, errs)
	}
	out, errs, code = runCLI(t, "--data", dir, "publication", "retract", "1", "--reason", "Nguồn đã rút lại xác nhận")
	if code != 0 || !strings.Contains(out, "is retracted") {
		t.Fatalf("retract (%d): %s %s", code, out, errs)
	}
	out, _, _ = runCLI(t, "--data", dir, "publication", "show", "1")
	if !strings.Contains(out, "retracted: Nguồn đã rút lại xác nhận") || !strings.Contains(out, "version 1") {
		t.Fatalf("show: %s", out)
	}
	out, _, _ = runCLI(t, "--data", dir, "claims", "show", jsonInt(pub.ClaimID), "--json")
	if !strings.Contains(out, `"verdict": "unproven"`) || !strings.Contains(out, "retracted") {
		t.Fatalf("library record after retraction: %s", out)
	}
}

func jsonInt(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
