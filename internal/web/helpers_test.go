package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

// testPassword is the password of every user made by createUser.
const testPassword = "correct horse battery"

// Test-only request headers that stand in for the application's middleware.
const (
	hdrClientIP  = "X-Test-Client-IP"
	hdrRequestID = "X-Test-Request-ID"
)

// hookStore is a real store whose users a test can disable or remove, and
// whose Memberships a test can make fail (the store has no such methods yet).
type hookStore struct {
	*store.DB
	mu             sync.Mutex
	disabled, gone map[int64]bool
	membershipsErr error
}

func (s *hookStore) User(ctx context.Context, id int64) (auth.User, error) {
	s.mu.Lock()
	disabled, gone := s.disabled[id], s.gone[id]
	s.mu.Unlock()
	if gone {
		return auth.User{}, apperr.Errorf(apperr.NotFound, "user %d not found", id)
	}
	u, err := s.DB.User(ctx, id)
	u.Disabled = u.Disabled || disabled
	return u, err
}

func (s *hookStore) UserByEmail(ctx context.Context, email string) (auth.User, error) {
	u, err := s.DB.UserByEmail(ctx, email)
	if err != nil {
		return u, err
	}
	return s.User(ctx, u.ID)
}

func (s *hookStore) Memberships(ctx context.Context, userID int64) ([]auth.Membership, error) {
	s.mu.Lock()
	err := s.membershipsErr
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return s.DB.Memberships(ctx, userID)
}

func (s *hookStore) setDisabled(id int64, v bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.disabled[id] = v
}

func (s *hookStore) setGone(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gone[id] = true
}

func (s *hookStore) failMemberships(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.membershipsErr = err
}

// lockedBuffer collects log output from concurrent handlers.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// testEnv is a web handler on a real HTTP server over a real SQLite store.
type testEnv struct {
	t     *testing.T
	store *hookStore
	clock *clock.Fake
	h     *Handler
	srv   *httptest.Server
	logs  *lockedBuffer
}

// newEnv starts a server. The handler's clock (login limits) is fake; the
// store runs on the real clock because scs stamps session expiry with the
// wall clock and the store compares it with its own.
func newEnv(t *testing.T, change ...func(*Deps)) *testEnv {
	t.Helper()
	db := storetest.OpenSQLite(t, clock.Real{})
	e := &testEnv{
		t:     t,
		store: &hookStore{DB: db, disabled: map[int64]bool{}, gone: map[int64]bool{}},
		clock: clock.NewFake(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)),
		logs:  &lockedBuffer{},
	}
	d := Deps{
		Store:    e.store,
		Sessions: db.Sessions(),
		Clock:    e.clock,
		Logger:   slog.New(slog.NewJSONHandler(e.logs, nil)),
		RequestID: func(r *http.Request) string {
			return r.Header.Get(hdrRequestID)
		},
		ClientIP: func(r *http.Request) string {
			if ip := r.Header.Get(hdrClientIP); ip != "" {
				return ip
			}
			return remoteHost(r)
		},
	}
	for _, fn := range change {
		fn(&d)
	}
	h, err := New(d)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	e.h = h
	e.srv = httptest.NewServer(h)
	t.Cleanup(e.srv.Close)
	return e
}

// testHash is testPassword hashed once per test binary: argon2id with
// production parameters takes about a second on a small CI machine.
var testHash = sync.OnceValues(func() (string, error) { return auth.HashPassword(testPassword) })

// createUser adds a user with testPassword, and a membership when m is set.
func createUser(t testing.TB, db *store.DB, email, name, locale string, m *auth.Membership) auth.User {
	t.Helper()
	hash, err := testHash()
	if err != nil {
		t.Fatalf("hash password: %v", err)
	}
	u, err := db.CreateUser(context.Background(), "cli", auth.User{Email: email, Name: name, PasswordHash: hash, Locale: locale}, m)
	if err != nil {
		t.Fatalf("create user %s: %v", email, err)
	}
	return u
}

// client returns a browser-like client with its own cookie jar that follows
// redirects.
func (e *testEnv) client() *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 30 * time.Second}
}

// noFollow returns a copy of c that stops at redirects.
func noFollow(c *http.Client) *http.Client {
	cc := *c
	cc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &cc
}

// do sends a request with headers and returns the response with its body read.
func (e *testEnv) do(c *http.Client, method, path string, form url.Values, headers map[string]string) (*http.Response, string) {
	e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, e.srv.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return resp, string(b)
}

// login posts the login form and follows the redirect.
func (e *testEnv) login(c *http.Client, email, password string, headers map[string]string) (*http.Response, string) {
	e.t.Helper()
	return e.do(c, http.MethodPost, "/login", url.Values{"email": {email}, "password": {password}}, headers)
}

// mustLogin logs in and fails the test unless the dashboard shows.
func (e *testEnv) mustLogin(c *http.Client, email string) {
	e.t.Helper()
	resp, body := e.login(c, email, testPassword, nil)
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/" {
		e.t.Fatalf("login %s: %d at %s\n%s", email, resp.StatusCode, resp.Request.URL, body)
	}
}

// sessionToken is the session cookie the client holds for the server.
func (e *testEnv) sessionToken(c *http.Client) string {
	u, _ := url.Parse(e.srv.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == sessionCookie {
			return ck.Value
		}
	}
	return ""
}

// --- HTML helpers ---

func parseHTML(t testing.TB, body string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	return doc
}

// findAll returns the elements under n for which match is true, in order.
func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && match(d) {
			out = append(out, d)
		}
	}
	return out
}

// byTag returns the elements named tag.
func byTag(n *html.Node, tag string) []*html.Node {
	return findAll(n, func(d *html.Node) bool { return d.Data == tag })
}

// first returns the first element named tag, or nil.
func first(n *html.Node, tag string) *html.Node {
	if all := byTag(n, tag); len(all) > 0 {
		return all[0]
	}
	return nil
}

// bySelector returns elements named tag whose attribute key equals val.
func byAttr(n *html.Node, tag, key, val string) []*html.Node {
	return findAll(n, func(d *html.Node) bool { return d.Data == tag && attr(d, key) == val })
}

func attr(n *html.Node, key string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// text is the text content of n with whitespace collapsed.
func text(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// pageLang is the lang attribute of the html element.
func pageLang(doc *html.Node) string { return attr(first(doc, "html"), "lang") }

// h1 is the text of the first heading.
func h1(doc *html.Node) string { return text(first(doc, "h1")) }
