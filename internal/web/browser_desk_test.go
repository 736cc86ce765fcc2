package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/factdesk/factdesk/internal/casework"
	"github.com/factdesk/factdesk/internal/desk"
)

// TestBrowserDeskAlertToVerdict works a case in a real browser, in
// Vietnamese: an editor takes an alert from the queue into a case, starts
// verifying, adds a note as evidence, records a verdict and sees it on the
// case page and in its timeline; the board then fits a phone's width.
func TestBrowserDeskAlertToVerdict(t *testing.T) {
	bin := chromium(t)
	e := newDeskEnv(t)
	al := e.alert(e.unitA, 9, "Tin đồn vỡ đê sông Kỳ Cùng lan nhanh")

	deadline, cancelDeadline := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancelDeadline()
	actx, cancelAlloc := chromedp.NewExecAllocator(deadline,
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("accept-lang", "vi-VN,vi"),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
	)
	defer cancelAlloc()
	ctx, cancelCtx := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	defer cancelCtx()

	step(t, "log in and switch to Vietnamese", chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), "editor@example.vn"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("form[action='/login'] button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("nav")),
		chromedp.Click(chromedp.CSS("button[name=lang][value=vi]")),
		chromedp.WaitReady(chromedp.CSS(`html[lang="vi"] nav`)),
	))
	row := fmt.Sprintf(`tr[data-alert-id="%d"]`, al.ID)
	step(t, "take the alert into a case", chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/alerts"),
		chromedp.WaitVisible(chromedp.CSS(row)),
		chromedp.Click(chromedp.CSS(row+" details.alert-actions summary")),
		chromedp.WaitVisible(chromedp.CSS(row+" form.accept-form input[name=title]")),
		chromedp.SendKeys(chromedp.CSS(row+" form.accept-form input[name=title]"), "Đê sông Kỳ Cùng có vỡ không?"),
		chromedp.Click(chromedp.CSS(row+" form.accept-form button")),
		chromedp.WaitVisible(chromedp.CSS("h1.case-title")),
	))
	expectText(t, ctx, "h1.case-title", "Đê sông Kỳ Cùng có vỡ không?")
	expectText(t, ctx, ".case-status", "Mới")

	step(t, "start verifying", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("form.move-verifying button")),
		chromedp.WaitVisible(chromedp.CSS(`.case-status[data-status="verifying"]`)),
	))
	expectText(t, ctx, ".case-status", "Đang kiểm chứng")

	step(t, "add a note as evidence", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#ev-note"), "Đã gọi UBND xã Tân Thành: đê an toàn, không có sự cố."),
		chromedp.Click(chromedp.CSS("form.evidence-note-form button")),
		chromedp.WaitVisible(chromedp.CSS("li.evidence-note")),
	))
	step(t, "record the verdict", chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#verdict"), "false"),
		chromedp.SendKeys(chromedp.CSS("#rationale"), "Chính quyền xã xác nhận đê không vỡ; ảnh lan truyền là ảnh năm 2020."),
		chromedp.Click(chromedp.CSS("form.verdict-form button")),
		chromedp.WaitVisible(chromedp.CSS(".case-verdict .verdict-false")),
	))
	verdict, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".case-verdict")))
	step(t, "read the verdict", err)
	for _, want := range []string{"Sai", "Trần Biên", "Chính quyền xã xác nhận đê không vỡ"} {
		if !strings.Contains(verdict, want) {
			t.Errorf("verdict on the case page lacks %q: %q", want, verdict)
		}
	}
	timeline, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#timeline")))
	step(t, "read the timeline", err)
	for _, want := range []string{"Trần Biên đã mở vụ việc", "Trần Biên đã chuyển vụ việc từ “Mới” sang “Đang kiểm chứng”",
		"Trần Biên đã thêm bằng chứng", "Trần Biên đã ghi kết luận “Sai”"} {
		if !strings.Contains(timeline, want) {
			t.Errorf("timeline lacks %q:\n%s", want, timeline)
		}
	}
	note, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("li.evidence-note")))
	step(t, "read the evidence", err)
	if !strings.Contains(note, "đê an toàn") || !strings.Contains(note, "sha256") {
		t.Errorf("evidence note: %q", note)
	}

	// What the browser did is what the desk holds.
	cases, err := e.svc.List(context.Background(), e.caller("chief"), casework.Filter{})
	if err != nil || len(cases) != 1 || cases[0].Status != desk.Verifying || cases[0].Verdict != "false" {
		t.Fatalf("cases after the browser: %+v (%v)", cases, err)
	}

	// The board stacks its columns on a phone: nothing overflows sideways.
	step(t, "open the board on a phone", chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(e.srv.URL+"/cases"),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`li[data-case-id="%d"]`, cases[0].ID))),
	))
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`))
	step(t, "measure the board", err)
	if wide {
		t.Error("the board overflows a 390 px wide screen")
	}
	stacked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const c = document.querySelectorAll(".board-col"); return c.length == 6 && c[1].getBoundingClientRect().top > c[0].getBoundingClientRect().bottom - 1 })()`))
	step(t, "check the columns stack", err)
	if !stacked {
		t.Error("the board's columns do not stack on a phone")
	}
}
