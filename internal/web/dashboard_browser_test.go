package web

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// TestBrowserDashboardLiveOnAPhone loads the dashboard in headless
// Chromium at a phone's width, sees the situation with its charts, waits
// for it to refresh itself without a reload, and finds no console error
// and nothing wider than the screen.
func TestBrowserDashboardLiveOnAPhone(t *testing.T) {
	bin := chromium(t)
	e := newSituationEnv(t, time.Second)
	deadline, cancelDeadline := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancelDeadline()
	actx, cancelAlloc := chromedp.NewExecAllocator(deadline, chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(390, 844))
	defer cancelAlloc()
	ctx, cancelCtx := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	defer cancelCtx()
	var mu sync.Mutex
	var problems []string
	step(t, "listen", chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+ev.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				problems = append(problems, "console error")
			}
		case *log.EventEntryAdded:
			// The browser asks for a favicon on its own; the site has none.
			if ev.Entry.Level == log.EntryLevelError && !strings.HasSuffix(ev.Entry.URL, "/favicon.ico") {
				problems = append(problems, "log: "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		}
	}))

	step(t, "log in", chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), "lead@example.vn"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("form[action='/login'] button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#situation .figures")),
	))
	charts, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#situation svg.chart").length`))
	step(t, "count charts", err)
	if charts < 5 {
		t.Errorf("the dashboard shows %d charts, want 5 or more", charts)
	}
	// Mark the shown fragment; a refresh replaces it with a fresh one.
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("#situation .situation").dataset.seen = "1"; true`))
	step(t, "mark", err)
	step(t, "wait for a live refresh", chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS(`#situation .situation:not([data-seen])`)),
	))
	status, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#situation-status")))
	step(t, "read status", err)
	if !strings.HasPrefix(status, "Updated at") {
		t.Errorf("status after a refresh = %q", status)
	}
	overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
	step(t, "measure", err)
	if overflow {
		t.Error("the dashboard is wider than a 390 px phone screen")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(problems) > 0 {
		t.Errorf("console problems: %v", problems)
	}
}
