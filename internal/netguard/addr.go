package netguard

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
)

// ErrForbiddenAddress is matched (with errors.Is) by every refusal to connect
// to a loopback, private, link-local or otherwise non-public address.
var ErrForbiddenAddress = errors.New("netguard: forbidden address")

// ForbiddenError says which address was refused and why.
type ForbiddenError struct {
	Addr   netip.Addr // the resolved address that was refused
	Host   string     // or the host name refused before resolving it
	Reason string     // "loopback", "private", "link-local", ...
}

// Error names the address, why it is refused, and how to permit it.
func (e *ForbiddenError) Error() string {
	what := e.Addr.String()
	if e.Host != "" {
		what = e.Host
	}
	return fmt.Sprintf("netguard: refusing to connect to %s (%s); allow private sources to permit it", what, e.Reason)
}

// Is reports whether target is ErrForbiddenAddress.
func (e *ForbiddenError) Is(target error) bool { return target == ErrForbiddenAddress }

// Reasons returned by Classify.
const (
	ReasonLoopback    = "loopback"
	ReasonPrivate     = "private"
	ReasonSharedCGNAT = "carrier-grade NAT"
	ReasonLinkLocal   = "link-local"
	ReasonUnspecified = "unspecified"
	ReasonMulticast   = "multicast"
	ReasonReserved    = "reserved"
)

type prefixReason struct {
	prefix netip.Prefix
	reason string
}

// forbidden4 and forbidden6 list the ranges that are not the public internet.
// Order matters only for the reason reported.
var forbidden4 = []prefixReason{
	{netip.MustParsePrefix("0.0.0.0/8"), ReasonUnspecified},
	{netip.MustParsePrefix("127.0.0.0/8"), ReasonLoopback},
	{netip.MustParsePrefix("10.0.0.0/8"), ReasonPrivate},
	{netip.MustParsePrefix("172.16.0.0/12"), ReasonPrivate},
	{netip.MustParsePrefix("192.168.0.0/16"), ReasonPrivate},
	{netip.MustParsePrefix("100.64.0.0/10"), ReasonSharedCGNAT},
	{netip.MustParsePrefix("169.254.0.0/16"), ReasonLinkLocal}, // includes cloud metadata 169.254.169.254
	{netip.MustParsePrefix("192.0.0.0/24"), ReasonReserved},    // IETF protocol assignments
	{netip.MustParsePrefix("198.18.0.0/15"), ReasonReserved},   // benchmarking
	{netip.MustParsePrefix("224.0.0.0/4"), ReasonMulticast},
	{netip.MustParsePrefix("240.0.0.0/4"), ReasonReserved}, // includes broadcast
}

var forbidden6 = []prefixReason{
	{netip.MustParsePrefix("::/128"), ReasonUnspecified},
	{netip.MustParsePrefix("::1/128"), ReasonLoopback},
	{netip.MustParsePrefix("::/96"), ReasonReserved}, // deprecated IPv4-compatible
	{netip.MustParsePrefix("fc00::/7"), ReasonPrivate},
	{netip.MustParsePrefix("fe80::/10"), ReasonLinkLocal},
	{netip.MustParsePrefix("fec0::/10"), ReasonPrivate}, // deprecated site-local
	{netip.MustParsePrefix("ff00::/8"), ReasonMulticast},
}

// nat64 is the well-known NAT64 prefix; its last 32 bits are an IPv4 address.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// Classify reports why ip is not a public internet address, or "" when it is.
// IPv4-mapped IPv6 (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) forms are
// judged by the IPv4 address they carry.
func Classify(ip netip.Addr) string {
	if !ip.IsValid() {
		return ReasonUnspecified
	}
	ip = ip.WithZone("").Unmap()
	if ip.Is6() && nat64.Contains(ip) {
		b := ip.As16()
		ip = netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	}
	table := forbidden6
	if ip.Is4() {
		table = forbidden4
	}
	for _, f := range table {
		if f.prefix.Contains(ip) {
			return f.reason
		}
	}
	return ""
}

// Check returns a *ForbiddenError when ip may not be dialled under p.
func (p Policy) Check(ip netip.Addr) error {
	if p.AllowPrivate {
		return nil
	}
	reason := Classify(ip)
	if reason == "" {
		return nil
	}
	if reason == ReasonLoopback && p.AllowLoopback {
		return nil
	}
	return &ForbiddenError{Addr: ip.WithZone("").Unmap(), Reason: reason}
}

// Policy says which non-public addresses may be dialled.
type Policy struct {
	// AllowPrivate permits every address (an admin's explicit choice).
	AllowPrivate bool
	// AllowLoopback permits loopback only; tests use it for httptest servers.
	AllowLoopback bool
}

// CheckHost refuses, before any connection, a host that is a forbidden IP
// literal (including legacy forms such as 127.1, 2130706433 or 0x7f.1), a
// "localhost" name or a cloud metadata name. Other names are checked when
// dialled.
// It suits form validation; the dialer remains the real guard.
func (p Policy) CheckHost(host string) error {
	if p.AllowPrivate {
		return nil
	}
	h := strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
	if ip, err := netip.ParseAddr(h); err == nil {
		return p.Check(ip)
	}
	if ip, ok := ParseLegacyIPv4(h); ok {
		return p.Check(ip)
	}
	if (h == "localhost" || strings.HasSuffix(h, ".localhost")) && !p.AllowLoopback {
		return &ForbiddenError{Addr: netip.MustParseAddr("127.0.0.1"), Reason: ReasonLoopback}
	}
	if metadataHosts[h] {
		return &ForbiddenError{Host: h, Reason: ReasonMetadata}
	}
	return nil
}
