// Package netguard builds HTTP clients that are safe to point at URLs typed by
// users or found in feeds: they refuse to connect to loopback, private,
// link-local and other non-public addresses (checked on the resolved address
// at dial time, so DNS names and redirects cannot sneak past), follow a
// bounded number of redirects, and cap response bodies.
package netguard

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// Defaults used when an Options field is zero.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultMaxRedirects = 5
	DefaultBodyCap      = 20 << 20 // 20 MiB
)

// ErrTooManyRedirects is returned when a request is redirected more than
// Options.MaxRedirects times.
var ErrTooManyRedirects = errors.New("netguard: too many redirects")

// ErrScheme is returned for a URL (or redirect) whose scheme is not http or https.
var ErrScheme = errors.New("netguard: only http and https URLs are allowed")

// Options configure New. The zero value is safe: public addresses only,
// DefaultTimeout, DefaultMaxRedirects and DefaultBodyCap.
type Options struct {
	Timeout       time.Duration // whole request, including reading the body; <0 means none
	MaxRedirects  int           // 0 means DefaultMaxRedirects; <0 means do not follow redirects
	BodyCap       int64         // 0 means DefaultBodyCap; <0 means no cap
	AllowPrivate  bool          // permit every address; an admin's explicit choice
	AllowLoopback bool          // permit loopback only (tests against httptest servers)

	// Transport, when set, is cloned and given the guarded dialer. Its Proxy
	// is always cleared: a proxy would dial on our behalf, unchecked.
	Transport *http.Transport

	// Resolver, when set, resolves host names (tests point it at a DNS
	// server of their own); the resolved addresses are checked all the same.
	Resolver *net.Resolver
}

func (o Options) policy() Policy {
	return Policy{AllowPrivate: o.AllowPrivate, AllowLoopback: o.AllowLoopback}
}

// New returns an *http.Client that enforces o.
func New(o Options) *http.Client {
	timeout := o.Timeout
	switch {
	case timeout == 0:
		timeout = DefaultTimeout
	case timeout < 0:
		timeout = 0
	}
	bodyCap := o.BodyCap
	if bodyCap == 0 {
		bodyCap = DefaultBodyCap
	}
	return &http.Client{
		Timeout:       timeout,
		Transport:     &capTransport{next: NewTransport(o), cap: bodyCap},
		CheckRedirect: checkRedirect(o.MaxRedirects),
	}
}

// NewTransport returns an *http.Transport whose dialer refuses forbidden
// addresses under o (no body cap, no redirect policy: those live in the client).
func NewTransport(o Options) *http.Transport {
	var t *http.Transport
	if o.Transport != nil {
		t = o.Transport.Clone()
	} else {
		t = http.DefaultTransport.(*http.Transport).Clone()
	}
	t.Proxy = nil
	p := o.policy()
	d := Dialer(p)
	d.Resolver = o.Resolver
	t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		// Refuse localhost and metadata names by name, whatever the resolver
		// says. A legacy IPv4 form would reach the resolver, which may read
		// it as an address (glibc does) or fail; read it here instead.
		if host, port, err := net.SplitHostPort(addr); err == nil {
			if err := p.CheckHost(host); err != nil {
				return nil, err
			}
			if ip, ok := ParseLegacyIPv4(host); ok {
				addr = net.JoinHostPort(ip.String(), port)
			}
		}
		return d.DialContext(ctx, network, addr)
	}
	t.DialTLSContext = nil
	return t
}

// Dialer returns a *net.Dialer that checks every address it is about to
// connect to (after DNS resolution) against p.
func Dialer(p Policy) *net.Dialer {
	return &net.Dialer{
		Timeout:   15 * time.Second,
		KeepAlive: 30 * time.Second,
		Control:   Control(p),
	}
}

// Control returns a net.Dialer Control function that refuses connections to
// addresses forbidden by p. It sees the resolved IP, never a host name.
func Control(p Policy) func(network, address string, c syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("netguard: cannot check address %q: %w", address, err)
		}
		return p.Check(ap.Addr())
	}
}

func checkRedirect(max int) func(*http.Request, []*http.Request) error {
	if max == 0 {
		max = DefaultMaxRedirects
	}
	return func(req *http.Request, via []*http.Request) error {
		if max < 0 {
			return http.ErrUseLastResponse
		}
		if len(via) > max {
			return fmt.Errorf("%w (%d) after %s", ErrTooManyRedirects, max, via[0].URL.Redacted())
		}
		if s := req.URL.Scheme; s != "http" && s != "https" {
			return fmt.Errorf("%w: redirect to %s", ErrScheme, req.URL.Redacted())
		}
		return nil
	}
}
