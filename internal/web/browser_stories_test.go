package web

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserStoriesFilter opens the Stories list in a real browser, sees a
// sparkline drawn, changes the time window (htmx swaps the results in and
// pushes the URL) and follows a story to its timeline chart.
func TestBrowserStoriesFilter(t *testing.T) {
	bin := chromium(t)
	e := newStoriesEnv(t)
	_, _, _, old := threeStories(e)

	deadline, cancelDeadline := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancelDeadline()
	actx, cancelAlloc := chromedp.NewExecAllocator(deadline,
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("accept-lang", "en"),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1024, 768),
	)
	defer cancelAlloc()
	ctx, cancelCtx := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	defer cancelCtx()

	step(t, "log in", chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), "lan@example.vn"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("form[action='/login'] button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("nav")),
		chromedp.Navigate(e.srv.URL+"/stories"),
		chromedp.WaitVisible(chromedp.CSS("table.stories svg.sparkline")),
	))
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int]("document.querySelectorAll('tr[data-story-id]').length"))
	step(t, "count rows", err)
	if rows != 3 {
		t.Fatalf("%d rows in 24 h, want 3", rows)
	}
	oldRow := `tr[data-story-id="` + strconv.FormatInt(old, 10) + `"]`
	step(t, "choose 7 days", chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#stories-window"), "7d")))
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("stories-window").dispatchEvent(new Event("change", {bubbles: true}))`))
	step(t, "fire change", err)
	step(t, "see the swap", chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(oldRow))))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	step(t, "read location", err)
	if !strings.HasSuffix(loc, "/stories?window=7d") {
		t.Errorf("after the swap the browser is at %s, want ?window=7d pushed", loc)
	}
	step(t, "open a story", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("tbody tr:first-child a.story-link")),
		chromedp.WaitVisible(chromedp.CSS("svg.bar-chart rect.chart-bar")),
	))
	expectText(t, ctx, "#timeline-heading", "Timeline")
}
