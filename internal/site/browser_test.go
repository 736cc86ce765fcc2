package site_test

import (
	"context"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/factdesk/factdesk/internal/publish"
)

// TestBrowserPublicPages reads the public site in headless Chromium, as a
// Vietnamese reader first and then in English: the lists, a fact-check
// page with its ClaimReview, the styles allowed by the page's CSP, the
// skip link reached by keyboard, and the language switcher. It runs when
// FACTDESK_TEST_BROWSER=1 (CI sets it).
func TestBrowserPublicPages(t *testing.T) {
	if os.Getenv("FACTDESK_TEST_BROWSER") == "" {
		t.Skip("browser test skipped: set FACTDESK_TEST_BROWSER=1 to run it with headless Chromium")
	}
	bin := os.Getenv("FACTDESK_CHROMIUM")
	if bin == "" {
		bin = "/usr/bin/chromium"
	}
	if _, err := os.Stat(bin); err != nil {
		t.Skipf("browser test skipped: no Chromium at %s: %v", bin, err)
	}
	e := newEnv(t)
	vi := e.Publish(t, e.FactCheck("Đập thủy điện không bị vỡ", "Đập thủy điện sắp vỡ"))
	en := e.FactCheck("The airport photo is old", "Da Nang airport is under water today")
	en.Language, en.RatingText = "en", "Old photo"
	e.Publish(t, en)
	n := e.FactCheck("Lịch cắt điện tuần này", "")
	n.Kind = publish.Notice
	e.Publish(t, n)
	srv := httptest.NewServer(e.h)
	defer srv.Close()

	deadline, cancelDeadline := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancelDeadline()
	actx, cancelAlloc := chromedp.NewExecAllocator(deadline, chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("accept-lang", "vi-VN,vi"),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1024, 768))
	defer cancelAlloc()
	ctx, cancelCtx := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	defer cancelCtx()

	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	js := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("evaluate %s: %v", expr, err)
		}
		return v
	}
	h1 := func() string { return js(`document.querySelector("h1").textContent.trim()`) }
	lang := func() string { return js(`document.documentElement.lang`) }

	do("open /facts", chromedp.Navigate(srv.URL+"/facts"), chromedp.WaitVisible(chromedp.CSS("ol.items")))
	if h1() != "Kiểm chứng" || lang() != "vi" {
		t.Fatalf("Vietnamese list: h1 %q, lang %q", h1(), lang())
	}
	if bg := js(`getComputedStyle(document.body).backgroundColor`); bg != "rgb(246, 247, 249)" {
		t.Fatalf("the stylesheet did not apply under the page's CSP: body background %q", bg)
	}
	items := js(`[...document.querySelectorAll("ol.items h2")].map(h => h.textContent.trim()).join("|")`)
	if !strings.Contains(items, "Đập thủy điện không bị vỡ") || !strings.Contains(items, "The airport photo is old") || strings.Contains(items, "Lịch cắt điện") {
		t.Fatalf("list items %q", items)
	}
	if n := js(`String(document.querySelectorAll("header, main, footer, nav").length)`); n != "4" {
		t.Errorf("landmarks: %s, want header, nav, main and footer", n)
	}
	do("press Tab", chromedp.KeyEvent("\t"))
	if active := js(`document.activeElement.className`); active != "skip-link" {
		t.Fatalf("first Tab focuses %q, want the skip link", active)
	}
	do("open a fact-check", chromedp.Click(chromedp.CSS(`a[href="/facts/`+vi.Slug+`"]`)), chromedp.WaitVisible(chromedp.CSS("article.publication")))
	if h1() != "Đập thủy điện không bị vỡ" {
		t.Fatalf("fact-check page: h1 %q", h1())
	}
	if ld := js(`JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent)["@type"]`); ld != "ClaimReview" {
		t.Fatalf("JSON-LD type %q", ld)
	}
	do("switch to English", chromedp.Click(chromedp.CSS(`a[hreflang="en"]`)), chromedp.WaitVisible(chromedp.CSS("#claim-h")))
	if lang() != "en" || js(`document.querySelector("#claim-h").textContent`) != "The claim" || js(`document.querySelector("article").lang`) != "vi" {
		t.Fatalf("English chrome around a Vietnamese article: html lang %q", lang())
	}
	do("notices in English", chromedp.Navigate(srv.URL+"/notices?lang=en"), chromedp.WaitVisible(chromedp.CSS("ol.items")))
	if h1() != "Notices" || !strings.Contains(js(`document.querySelector("ol.items").textContent`), "Lịch cắt điện tuần này") {
		t.Fatalf("English notices: h1 %q", h1())
	}
}
