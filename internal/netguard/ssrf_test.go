package netguard

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"
)

// ssrfCase is one address an attacker may use to reach inside.
type ssrfCase struct {
	host     string // as written in a URL
	kind     string // loopback, private, link-local, metadata
	literal  bool   // refused by CheckHost, before any lookup
	loopback bool   // reaches 127.0.0.1 when allowed (tested for real)
}

// ssrfMatrix lists loopback, private, link-local and metadata addresses in
// their many spellings, and DNS names that resolve to them (served by
// fakeDNS below).
var ssrfMatrix = []ssrfCase{
	{"127.0.0.1", "loopback", true, true},
	{"127.1", "loopback", true, true},
	{"127.255.255.254", "loopback", true, false},
	{"2130706433", "loopback", true, true},
	{"0177.0.0.1", "loopback", true, true},
	{"0x7f.1", "loopback", true, true},
	{"0x7f000001", "loopback", true, true},
	{"017700000001", "loopback", true, true},
	{"[::1]", "loopback", true, false},
	{"0.0.0.0", "unspecified", true, false},
	{"0", "unspecified", true, false},
	{"[::]", "unspecified", true, false},
	{"[::ffff:127.0.0.1]", "loopback", true, false},
	{"[::ffff:7f00:1]", "loopback", true, false},
	{"[64:ff9b::7f00:1]", "loopback", true, false},
	{"10.0.0.1", "private", true, false},
	{"10.255.255.255", "private", true, false},
	{"012.1", "private", true, false},
	{"172.16.0.1", "private", true, false},
	{"172.31.255.254", "private", true, false},
	{"192.168.1.1", "private", true, false},
	{"0xc0.0xa8.1.1", "private", true, false},
	{"3232235777", "private", true, false},
	{"100.64.0.1", "carrier-grade NAT", true, false},
	{"100.100.100.200", "carrier-grade NAT", true, false}, // Alibaba Cloud metadata
	{"[fc00::1]", "private", true, false},
	{"[fd00:ec2::254]", "private", true, false}, // AWS metadata over IPv6
	{"[::ffff:10.0.0.1]", "private", true, false},
	{"[::ffff:192.168.0.1]", "private", true, false},
	{"169.254.169.254", "link-local", true, false},
	{"169.254.0.1", "link-local", true, false},
	{"0xa9fea9fe", "link-local", true, false},
	{"2852039166", "link-local", true, false},
	{"0251.0376.0251.0376", "link-local", true, false},
	{"[fe80::1]", "link-local", true, false},
	{"[febf::1]", "link-local", true, false},
	{"[::ffff:a9fe:a9fe]", "link-local", true, false},
	{"[::ffff:169.254.169.254]", "link-local", true, false},
	{"metadata.google.internal", "cloud metadata service", true, false},
	{"metadata.goog", "cloud metadata service", true, false},
	{"metadata", "cloud metadata service", true, false},
	{"instance-data", "cloud metadata service", true, false},
	{"instance-data.ec2.internal", "cloud metadata service", true, false},
	{"localhost", "loopback", true, false},
	{"app.localhost", "loopback", true, false},
	// Names that look public and resolve inside: only the dialer sees it.
	{"loopback.evil.test", "loopback", false, true},
	{"loopback6.evil.test", "loopback", false, false},
	{"private.evil.test", "private", false, false},
	{"private6.evil.test", "private", false, false},
	{"metadata.evil.test", "link-local", false, false},
	{"mapped.evil.test", "link-local", false, false},
	{"zero.evil.test", "unspecified", false, false},
}

// fakeDNS answers for the *.evil.test names of the matrix (and the metadata
// names, as a cloud's resolver would).
var fakeRecords = map[string][]string{
	"loopback.evil.test.":         {"127.0.0.1"},
	"loopback6.evil.test.":        {"::1"},
	"private.evil.test.":          {"10.1.2.3"},
	"private6.evil.test.":         {"fd12::1"},
	"metadata.evil.test.":         {"169.254.169.254"},
	"mapped.evil.test.":           {"::ffff:169.254.169.254"},
	"zero.evil.test.":             {"0.0.0.0"},
	"metadata.google.internal.":   {"169.254.169.254"},
	"metadata.goog.":              {"169.254.169.254"},
	"metadata.":                   {"169.254.169.254"},
	"instance-data.":              {"169.254.169.254"},
	"instance-data.ec2.internal.": {"169.254.169.254"},
}

// fakeDNS runs a UDP DNS server on loopback and returns a resolver that
// asks only it.
func fakeDNS(t *testing.T) *net.Resolver {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	go func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if out, err := answer(buf[:n]); err == nil {
				_, _ = pc.WriteTo(out, from)
			}
		}
	}()
	addr := pc.LocalAddr().String()
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", addr)
	}}
}

func answer(req []byte) ([]byte, error) {
	var p dnsmessage.Parser
	h, err := p.Start(req)
	if err != nil {
		return nil, err
	}
	q, err := p.Question()
	if err != nil {
		return nil, err
	}
	b := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: h.ID, Response: true, Authoritative: true})
	b.EnableCompression()
	_ = b.StartQuestions()
	_ = b.Question(q)
	_ = b.StartAnswers()
	name := strings.ToLower(q.Name.String())
	rh := dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 60}
	for _, s := range fakeRecords[name] {
		ip := netip.MustParseAddr(s)
		switch {
		case q.Type == dnsmessage.TypeA && ip.Is4():
			_ = b.AResource(rh, dnsmessage.AResource{A: ip.As4()})
		case q.Type == dnsmessage.TypeAAAA && !ip.Is4():
			_ = b.AAAAResource(rh, dnsmessage.AAAAResource{AAAA: ip.As16()})
		}
	}
	return b.Finish()
}

// assertRefused checks that err is a clear refusal naming the reason.
func assertRefused(t *testing.T, what string, err error, reason string) {
	t.Helper()
	if !errors.Is(err, ErrForbiddenAddress) {
		t.Errorf("%s: %v, want a refusal (ErrForbiddenAddress)", what, err)
		return
	}
	msg := err.Error()
	if !strings.Contains(msg, "refusing to connect to") || !strings.Contains(msg, "("+reason+")") || !strings.Contains(msg, "allow private sources") {
		t.Errorf("%s: unclear refusal %q, want the address, (%s) and how to permit it", what, msg, reason)
	}
}

// TestSSRFMatrix: every case is refused at form time (literals and metadata
// names), when fetched directly, and when reached by a redirect from a
// public page; with private sources allowed, nothing is refused and the
// loopback spellings really reach a local server.
func TestSSRFMatrix(t *testing.T) {
	resolver := fakeDNS(t)
	local := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "inside")
	}))
	defer local.Close()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(local.URL, "http://"))

	for _, tc := range ssrfMatrix {
		t.Run(tc.host, func(t *testing.T) {
			target := "http://" + net.JoinHostPort(strings.Trim(tc.host, "[]"), port) + "/latest/meta-data/"
			if tc.literal {
				assertRefused(t, "CheckHost", Policy{}.CheckHost(tc.host), tc.kind)
			} else if err := (Policy{}).CheckHost(tc.host); err != nil {
				t.Errorf("CheckHost(%s) = %v: a name is judged when dialled, not before", tc.host, err)
			}
			if err := (Policy{AllowPrivate: true}).CheckHost(tc.host); err != nil {
				t.Errorf("CheckHost(%s) with private sources allowed: %v", tc.host, err)
			}

			guarded := New(Options{Resolver: resolver, Timeout: 10 * time.Second})
			_, err := get(t, guarded, target)
			assertRefused(t, "GET "+target, err, tc.kind)

			// A public page that redirects inside.
			redirecting := New(Options{Resolver: resolver, Timeout: 10 * time.Second})
			redirecting.Transport = &fakeOrigin{host: "news.example", location: target, next: redirecting.Transport}
			_, err = get(t, redirecting, "http://news.example/feed.xml")
			assertRefused(t, "redirect to "+target, err, tc.kind)

			if tc.loopback {
				resp, err := get(t, New(Options{Resolver: resolver, AllowPrivate: true}), target)
				if err != nil {
					t.Fatalf("GET %s with private sources allowed: %v", target, err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if string(body) != "inside" {
					t.Errorf("GET %s allowed: body %q", target, body)
				}
			}
		})
	}
}

// fakeOrigin answers requests for one host itself with a redirect, standing
// in for a public server; other hosts go through the guarded transport.
type fakeOrigin struct {
	host, location string
	next           http.RoundTripper
}

func (f *fakeOrigin) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Hostname() != f.host {
		return f.next.RoundTrip(req)
	}
	return &http.Response{
		StatusCode: http.StatusFound, Status: "302 Found", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Location": {f.location}}, Body: http.NoBody, Request: req,
	}, nil
}

func TestParseLegacyIPv4(t *testing.T) {
	for in, want := range map[string]string{
		"127.1": "127.0.0.1", "2130706433": "127.0.0.1", "0177.0.0.1": "127.0.0.1", "0x7f.1": "127.0.0.1",
		"0x7F.0.0.1": "127.0.0.1", "10.1.258": "10.1.1.2", "0": "0.0.0.0", "1.2.3.4": "1.2.3.4", "0xa9fea9fe": "169.254.169.254",
	} {
		got, ok := ParseLegacyIPv4(in)
		if !ok || got.String() != want {
			t.Errorf("ParseLegacyIPv4(%q) = %v, %v; want %s", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "example.org", "1.2.3.4.5", "256.1.1.1", "08.1.1.1", "1..1", "0x", "4294967296", "1.2.65536", "-1", "1.2.3.x"} {
		if got, ok := ParseLegacyIPv4(in); ok {
			t.Errorf("ParseLegacyIPv4(%q) = %v, want no address", in, got)
		}
	}
}
