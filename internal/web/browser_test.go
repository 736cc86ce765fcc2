package web

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/factdesk/factdesk/internal/auth"
)

// Environment variables of the browser test.
const (
	browserEnv  = "FACTDESK_TEST_BROWSER" // "1" runs the test (CI sets it)
	chromiumEnv = "FACTDESK_CHROMIUM"     // the browser binary; default /usr/bin/chromium
)

// chromium returns the browser to drive, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	if os.Getenv(browserEnv) == "" {
		t.Skip("browser test skipped: set " + browserEnv + "=1 to run it with headless Chromium")
	}
	bin := os.Getenv(chromiumEnv)
	if bin == "" {
		bin = "/usr/bin/chromium"
	}
	if _, err := os.Stat(bin); err != nil {
		t.Skipf("browser test skipped: no Chromium at %s (install it or set %s): %v", bin, chromiumEnv, err)
	}
	return bin
}

// TestBrowserLoginAndSwitchLanguage logs in through the form in a real
// browser whose language is Vietnamese, sees the dashboard in Vietnamese,
// switches to English with the switcher and sees English.
func TestBrowserLoginAndSwitchLanguage(t *testing.T) {
	bin := chromium(t)
	e := newEnv(t)
	commune := seedProvince(t, e)
	u := createUser(t, e.store.DB, "lan@example.vn", "Nguyễn Thị Lan", "", &auth.Membership{UnitID: commune, Role: auth.Lead})

	// The deadline bounds the whole browser, which lives as long as actx.
	deadline, cancelDeadline := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancelDeadline()
	actx, cancelAlloc := chromedp.NewExecAllocator(deadline,
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("accept-lang", "vi-VN,vi"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1024, 768),
	)
	defer cancelAlloc()
	ctx, cancelCtx := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	defer cancelCtx()

	// An anonymous visit lands on the login form, in Vietnamese.
	step(t, "open the site", chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS("#email")),
	))
	expectText(t, ctx, "h1", "Đăng nhập")
	expectLang(t, ctx, "vi")

	step(t, "log in", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#email"), u.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("form[action='/login'] button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("table.memberships")),
	))
	expectLang(t, ctx, "vi")
	expectText(t, ctx, "h1", "Xin chào, Nguyễn Thị Lan")
	expectText(t, ctx, "nav a[aria-current=page]", "Tổng quan")
	expectText(t, ctx, "table.memberships tbody tr", "Tỉnh Lạng Sơn › Xã Tân Thành\tLãnh đạo đơn vị")

	step(t, "switch to English", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("button[name=lang][value=en]")),
		chromedp.WaitReady(chromedp.CSS(`html[lang="en"] table.memberships`)),
	))
	expectLang(t, ctx, "en")
	expectText(t, ctx, "h1", "Welcome, Nguyễn Thị Lan")
	expectText(t, ctx, "nav a[aria-current=page]", "Dashboard")
	expectText(t, ctx, "form[action='/logout'] button", "Log out")

	loc, err := chromedp.Run(ctx, chromedp.Location())
	step(t, "read location", err)
	if loc != e.srv.URL+"/" {
		t.Errorf("after switching, the browser is at %s, want the dashboard", loc)
	}
	saved, err := e.store.DB.User(context.Background(), u.ID)
	if err != nil || saved.Locale != "en" {
		t.Errorf("saved locale %q (%v), want en", saved.Locale, err)
	}
}

func step(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func expectText(t *testing.T, ctx context.Context, css, want string) {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		t.Fatalf("read %s: %v", css, err)
	}
	if got != want {
		t.Errorf("%s = %q, want %q", css, got, want)
	}
}

func expectLang(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string]("document.documentElement.lang"))
	if err != nil {
		t.Fatalf("read html lang: %v", err)
	}
	if got != want {
		t.Errorf("<html lang> = %q, want %q", got, want)
	}
}
