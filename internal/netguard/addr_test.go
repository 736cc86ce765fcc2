package netguard

import (
	"errors"
	"net/netip"
	"testing"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		ip     string
		reason string
	}{
		{"127.0.0.1", ReasonLoopback},
		{"127.1.2.3", ReasonLoopback},
		{"::1", ReasonLoopback},
		{"10.1.2.3", ReasonPrivate},
		{"172.16.0.1", ReasonPrivate},
		{"172.31.255.255", ReasonPrivate},
		{"192.168.1.1", ReasonPrivate},
		{"100.64.0.1", ReasonSharedCGNAT},
		{"169.254.169.254", ReasonLinkLocal},
		{"fe80::1", ReasonLinkLocal},
		{"fe80::1%eth0", ReasonLinkLocal},
		{"fc00::1", ReasonPrivate},
		{"fd12:3456::1", ReasonPrivate},
		{"::ffff:127.0.0.1", ReasonLoopback},
		{"::ffff:10.0.0.1", ReasonPrivate},
		{"::ffff:169.254.169.254", ReasonLinkLocal},
		{"64:ff9b::7f00:1", ReasonLoopback},
		{"0.0.0.0", ReasonUnspecified},
		{"::", ReasonUnspecified},
		{"224.0.0.1", ReasonMulticast},
		{"ff02::1", ReasonMulticast},
		{"255.255.255.255", ReasonReserved},
		{"::127.0.0.1", ReasonReserved},
		{"8.8.8.8", ""},
		{"172.32.0.1", ""},
		{"100.128.0.1", ""},
		{"2606:4700::1111", ""},
		{"::ffff:8.8.8.8", ""},
	}
	for _, tt := range tests {
		if got := Classify(netip.MustParseAddr(tt.ip)); got != tt.reason {
			t.Errorf("Classify(%s) = %q, want %q", tt.ip, got, tt.reason)
		}
	}
}

func TestPolicyCheck(t *testing.T) {
	ip := netip.MustParseAddr("127.0.0.1")
	err := Policy{}.Check(ip)
	if !errors.Is(err, ErrForbiddenAddress) {
		t.Fatalf("Check(127.0.0.1) = %v, want ErrForbiddenAddress", err)
	}
	want := "netguard: refusing to connect to 127.0.0.1 (loopback); allow private sources to permit it"
	if err.Error() != want {
		t.Errorf("message = %q, want %q", err, want)
	}
	if err := (Policy{AllowLoopback: true}).Check(ip); err != nil {
		t.Errorf("AllowLoopback: %v", err)
	}
	if err := (Policy{AllowLoopback: true}).Check(netip.MustParseAddr("10.0.0.1")); !errors.Is(err, ErrForbiddenAddress) {
		t.Errorf("AllowLoopback must still refuse 10.0.0.1, got %v", err)
	}
	if err := (Policy{AllowPrivate: true}).Check(netip.MustParseAddr("169.254.169.254")); err != nil {
		t.Errorf("AllowPrivate: %v", err)
	}
	mapped := Policy{}.Check(netip.MustParseAddr("::ffff:127.0.0.1"))
	if mapped == nil || mapped.Error() != want {
		t.Errorf("mapped form: %v, want %q", mapped, want)
	}
}

func TestCheckHost(t *testing.T) {
	for _, h := range []string{"localhost", "LOCALHOST.", "api.localhost", "127.0.0.1", "[::1]", "169.254.169.254", "[fe80::1]"} {
		if err := (Policy{}).CheckHost(h); !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("CheckHost(%q) = %v, want refusal", h, err)
		}
	}
	for _, h := range []string{"example.org", "8.8.8.8", "[2606:4700::1111]"} {
		if err := (Policy{}).CheckHost(h); err != nil {
			t.Errorf("CheckHost(%q) = %v", h, err)
		}
	}
}

func TestControl(t *testing.T) {
	c := Control(Policy{})
	for _, addr := range []string{"127.0.0.1:80", "[::1]:443", "10.0.0.1:80", "172.16.5.4:80", "192.168.0.10:8080",
		"169.254.169.254:80", "[fe80::1%eth0]:80", "[::ffff:127.0.0.1]:80", "0.0.0.0:80"} {
		if err := c("tcp", addr, nil); !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("Control(%s) = %v, want ErrForbiddenAddress", addr, err)
		}
	}
	if err := c("tcp", "93.184.215.14:443", nil); err != nil {
		t.Errorf("public address refused: %v", err)
	}
	if err := c("tcp", "nonsense", nil); err == nil {
		t.Error("unparsable address accepted")
	}
}
