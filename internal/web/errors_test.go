package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/factdesk/factdesk/internal/apperr"
)

func TestUnknownPathIsFriendly404(t *testing.T) {
	e := newEnv(t)
	createUser(t, e.store.DB, "lan@example.vn", "Lan", "", nil)
	c := e.client()
	for _, tt := range []struct {
		name, lang, wantMsg string
		loggedIn            bool
	}{
		{"anonymous vi", "vi", "Không tìm thấy trang bạn yêu cầu.", false},
		{"anonymous en", "en", "The page you asked for was not found.", false},
		{"logged in", "en", "The page you asked for was not found.", true},
	} {
		if tt.loggedIn {
			e.mustLogin(c, "lan@example.vn")
		}
		resp, body := e.do(c, http.MethodGet, "/no/such/page", nil, map[string]string{"Accept-Language": tt.lang})
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", tt.name, resp.StatusCode)
		}
		doc := parseHTML(t, body)
		if got := text(findAll(doc, func(n *html.Node) bool { return attr(n, "class") == "error-message" })[0]); got != tt.wantMsg {
			t.Errorf("%s: message %q", tt.name, got)
		}
		if hasNav := first(doc, "nav") != nil; hasNav != tt.loggedIn {
			t.Errorf("%s: nav shown = %v", tt.name, hasNav)
		}
	}
}

// TestInternalErrorIsLoggedNotShown: the page shows a generic message and
// the request id; the log has the cause under the same id.
func TestInternalErrorIsLoggedNotShown(t *testing.T) {
	e := newEnv(t)
	createUser(t, e.store.DB, "lan@example.vn", "Lan", "", nil)
	c := e.client()
	e.mustLogin(c, "lan@example.vn")
	e.store.failMemberships(errors.New("disk on fire at /var/lib/secret.db"))
	resp, body := e.do(c, http.MethodGet, "/", nil, map[string]string{hdrRequestID: "req-7f3a"})
	if resp.StatusCode != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", resp.StatusCode)
	}
	if strings.Contains(body, "disk on fire") || strings.Contains(body, "goroutine") {
		t.Errorf("page leaks the error:\n%s", body)
	}
	doc := parseHTML(t, body)
	if got := text(findAll(doc, func(n *html.Node) bool { return attr(n, "class") == "request-id" })[0]); got != "Mã yêu cầu: req-7f3a" {
		t.Errorf("request id line %q", got)
	}
	logs := e.logs.String()
	if !strings.Contains(logs, `"request_id":"req-7f3a"`) || !strings.Contains(logs, "disk on fire") || !strings.Contains(logs, `"level":"ERROR"`) {
		t.Errorf("log lacks the error with its request id:\n%s", logs)
	}
}

// TestFailMapsCodes renders each application error code through the one
// renderer and checks status, message and logging.
func TestFailMapsCodes(t *testing.T) {
	e := newEnv(t)
	codes := []apperr.Code{apperr.Invalid, apperr.Unauthorized, apperr.Forbidden, apperr.NotFound, apperr.Conflict,
		apperr.RateLimited, apperr.TooLarge, apperr.Unavailable, apperr.Internal}
	for _, code := range codes {
		for _, lang := range e.h.cat.Languages() {
			before := e.logs.String()
			err := fmt.Errorf("wrapped: %w", apperr.Errorf(code, "detail for the log only"))
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(http.MethodGet, "/x", nil)
			req.Header.Set("Accept-Language", lang)
			e.h.fail(rec, req, err)
			if rec.Code != apperr.HTTPStatus(code) {
				t.Errorf("%s: status %d, want %d", code, rec.Code, apperr.HTTPStatus(code))
			}
			doc := parseHTML(t, rec.Body.String())
			msg := text(findAll(doc, func(n *html.Node) bool { return attr(n, "class") == "error-message" })[0])
			if want := e.h.cat.T(lang, "error."+string(code)); msg != want || msg == "error."+string(code) {
				t.Errorf("%s/%s: message %q, want %q", code, lang, msg, want)
			}
			if pageLang(doc) != lang {
				t.Errorf("%s: page language %q, want %q", code, pageLang(doc), lang)
			}
			logged := len(e.logs.String()) > len(before)
			if logged != (code == apperr.Internal) {
				t.Errorf("%s: logged = %v", code, logged)
			}
		}
	}
	// A plain error is internal.
	rec := httptest.NewRecorder()
	e.h.fail(rec, httptest.NewRequest(http.MethodGet, "/", nil), errors.New("boom"))
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("plain error: %d", rec.Code)
	}
}
