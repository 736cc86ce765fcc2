package netguard

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func get(t *testing.T, c *http.Client, url string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c.Do(req)
}

func TestClientRefusesLoopback(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "secret")
	}))
	defer srv.Close()

	c := New(Options{})
	_, err := get(t, c, srv.URL)
	if !errors.Is(err, ErrForbiddenAddress) {
		t.Fatalf("GET %s = %v, want ErrForbiddenAddress", srv.URL, err)
	}
	if !strings.Contains(err.Error(), "refusing to connect to 127.0.0.1 (loopback)") {
		t.Errorf("unclear error: %v", err)
	}

	// A DNS name that resolves to loopback is refused too: the check is on
	// the resolved address.
	named := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	if _, err := get(t, c, named); !errors.Is(err, ErrForbiddenAddress) {
		t.Fatalf("GET %s = %v, want ErrForbiddenAddress", named, err)
	}

	// The loopback knob lets tests reach httptest servers.
	resp, err := get(t, New(Options{AllowLoopback: true}), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

func TestClientRefusesRedirectToForbidden(t *testing.T) {
	for _, target := range []string{
		"http://169.254.169.254/latest/meta-data/",
		"http://10.0.0.1/",
		"http://[fe80::1]/",
		"http://[::ffff:192.168.1.1]/",
		"http://0.0.0.0/",
	} {
		srv := httptest.NewServer(http.RedirectHandler(target, http.StatusFound))
		c := New(Options{AllowLoopback: true})
		_, err := get(t, c, srv.URL)
		srv.Close()
		if !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("redirect to %s: %v, want ErrForbiddenAddress", target, err)
		}
	}
}

func TestClientRedirectLimitAndScheme(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/file":
			http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
		default:
			http.Redirect(w, r, srv.URL+r.URL.Path+"x", http.StatusFound)
		}
	}))
	defer srv.Close()

	c := New(Options{AllowLoopback: true, MaxRedirects: 3})
	if _, err := get(t, c, srv.URL+"/loop"); !errors.Is(err, ErrTooManyRedirects) {
		t.Errorf("redirect loop: %v, want ErrTooManyRedirects", err)
	}
	if _, err := get(t, c, srv.URL+"/file"); !errors.Is(err, ErrScheme) {
		t.Errorf("redirect to file: %v, want ErrScheme", err)
	}
}

func TestClientBodyCap(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, strings.Repeat("a", 1000))
	}))
	defer srv.Close()

	resp, err := get(t, New(Options{AllowLoopback: true, BodyCap: 999}), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := io.ReadAll(resp.Body); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("read past cap: %v, want ErrTooLarge", err)
	}

	resp, err = get(t, New(Options{AllowLoopback: true, BodyCap: 1000}), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if b, err := io.ReadAll(resp.Body); err != nil || len(b) != 1000 {
		t.Fatalf("read at cap: %d bytes, %v", len(b), err)
	}
}

func TestLimitBody(t *testing.T) {
	r := LimitBody(io.NopCloser(strings.NewReader("hello")), 4)
	if _, err := io.ReadAll(r); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %v", err)
	}
	r = LimitBody(io.NopCloser(strings.NewReader("hello")), 5)
	if b, err := io.ReadAll(r); err != nil || string(b) != "hello" {
		t.Fatalf("got %q, %v", b, err)
	}
	r = LimitBody(io.NopCloser(strings.NewReader("hello")), 0)
	if b, _ := io.ReadAll(r); string(b) != "hello" {
		t.Fatalf("no cap: %q", b)
	}
}
