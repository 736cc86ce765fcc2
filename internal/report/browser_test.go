package report_test

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/report"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

// chromium returns the browser to use, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
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
	return bin
}

// TestBrowserRendersReportAndPDF opens the HTML report of a seeded store in
// headless Chromium, renders it to PNG with no console error, and prints
// the PDF.
func TestBrowserRendersReportAndPDF(t *testing.T) {
	bin := chromium(t)
	c := clock.NewFake(t0.Add(10 * 24 * time.Hour))
	db := storetest.OpenSQLite(t, c)
	seed(t, db)
	s, err := report.NewBuilder(db, c).Build(context.Background(), report.Query{From: t0, To: t0.Add(7 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	s.Note = "Theo dõi đập Hòa Bắc."
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	var buf bytes.Buffer
	if err := report.WriteHTML(&buf, s, "vi"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}

	deadline, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	actx, cancelAlloc := chromedp.NewExecAllocator(deadline, chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.UserDataDir(filepath.Join(dir, "profile")), chromedp.WindowSize(420, 900))
	defer cancelAlloc()
	ctx, cancelCtx := chromedp.NewContext(actx)
	defer cancelCtx()
	var mu sync.Mutex
	var problems []string
	err = chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+e.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
				problems = append(problems, "console "+string(e.Type))
			}
		case *log.EventEntryAdded:
			if e.Entry.Level == log.EntryLevelError {
				problems = append(problems, "log: "+e.Entry.Text+" "+e.Entry.URL)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page), chromedp.WaitVisible(chromedp.CSS(".figures"))); err != nil {
		t.Fatalf("open the report: %v", err)
	}
	charts, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("svg.chart").length`))
	if err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatalf("the screenshot is not a PNG: %v", err)
	}
	if img.Bounds().Dx() < 300 || img.Bounds().Dy() < 1000 {
		t.Errorf("the report rendered to a %v image; want a long page", img.Bounds())
	}
	if charts < 5 {
		t.Errorf("the browser sees %d charts, want 5 or more", charts)
	}
	// The page is phone-wide: nothing may stick out sideways.
	overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
	if err != nil {
		t.Fatal(err)
	}
	if overflow {
		t.Error("the report is wider than a 420 px phone screen")
	}
	mu.Lock()
	if len(problems) > 0 {
		t.Errorf("console problems: %v", problems)
	}
	mu.Unlock()
	_ = os.WriteFile(filepath.Join(dir, "report.png"), shot, 0o600)

	pdf := filepath.Join(dir, "report.pdf")
	if err := report.WritePDF(t.Context(), bin, s, "en", pdf); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(pdf)
	if err != nil || len(b) < 1000 || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("PDF: %d bytes, %v", len(b), err)
	}
}

func TestFindChromiumSaysHowToInstall(t *testing.T) {
	_, err := report.FindChromium(filepath.Join(t.TempDir(), "no-such-chromium"))
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("apt-get install -y chromium")) {
		t.Errorf("missing Chromium: %v", err)
	}
}
