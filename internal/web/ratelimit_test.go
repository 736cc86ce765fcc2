package web

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// TestLoginRateLimitPerAccount spreads failures over many addresses: the
// account limit still stops the sixth attempt, even with the right password.
func TestLoginRateLimitPerAccount(t *testing.T) {
	e := newEnv(t)
	createUser(t, e.store.DB, "lan@example.vn", "Lan", "", nil)
	for i := range acctMaxFailures {
		resp, _ := e.login(e.client(), "lan@example.vn", "wrong password", map[string]string{hdrClientIP: fmt.Sprintf("192.0.2.%d", i)})
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d, want 401", i+1, resp.StatusCode)
		}
	}
	e.clock.Advance(time.Minute)
	resp, body := e.login(e.client(), "LAN@example.vn", testPassword, map[string]string{hdrClientIP: "198.51.100.7"})
	checkLimited(t, resp, body, 14*60, "Có quá nhiều lần đăng nhập không thành công. Vui lòng thử lại sau 14 phút.")

	// Another account from the same addresses is unaffected.
	createUser(t, e.store.DB, "binh@example.vn", "Bình", "", nil)
	e.mustLogin(e.client(), "binh@example.vn")

	// Once the window has passed, the right password works again.
	e.clock.Advance(failureWindow)
	e.mustLogin(e.client(), "lan@example.vn")
}

// TestLoginRateLimitPerIP tries a different account each time from one
// address: the address limit stops the eleventh attempt.
func TestLoginRateLimitPerIP(t *testing.T) {
	e := newEnv(t)
	createUser(t, e.store.DB, "lan@example.vn", "Lan", "", nil)
	ip := map[string]string{hdrClientIP: "203.0.113.9", "Accept-Language": "en"}
	for i := range ipMaxFailures {
		resp, _ := e.login(e.client(), fmt.Sprintf("guess%d@example.vn", i), "password", ip)
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d, want 401", i+1, resp.StatusCode)
		}
	}
	resp, body := e.login(e.client(), "lan@example.vn", testPassword, ip)
	checkLimited(t, resp, body, 15*60, "Too many failed login attempts. Please try again in 15 minutes.")

	// Other addresses still get in.
	e.mustLogin(e.client(), "lan@example.vn")
}

// TestSuccessfulLoginResetsAccountCounter: failures before a success do not
// count towards the account limit afterwards.
func TestSuccessfulLoginResetsAccountCounter(t *testing.T) {
	e := newEnv(t)
	createUser(t, e.store.DB, "lan@example.vn", "Lan", "", nil)
	for round := range 2 {
		for i := range acctMaxFailures - 1 {
			hdr := map[string]string{hdrClientIP: fmt.Sprintf("192.0.2.%d", round*10+i)}
			if resp, _ := e.login(e.client(), "lan@example.vn", "wrong", hdr); resp.StatusCode != http.StatusUnauthorized {
				t.Fatalf("round %d failure %d: %d", round, i, resp.StatusCode)
			}
		}
		e.mustLogin(e.client(), "lan@example.vn")
	}
}

func checkLimited(t *testing.T, resp *http.Response, body string, wantSecs int, wantMsg string) {
	t.Helper()
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("status %d, want 429", resp.StatusCode)
	}
	secs, err := strconv.Atoi(resp.Header.Get("Retry-After"))
	if err != nil || secs != wantSecs {
		t.Errorf("Retry-After %q, want %d", resp.Header.Get("Retry-After"), wantSecs)
	}
	alert := byAttr(parseHTML(t, body), "div", "role", "alert")
	if len(alert) != 1 || text(alert[0]) != wantMsg {
		t.Errorf("message %q, want %q", text(first(parseHTML(t, body), "main")), wantMsg)
	}
}
