package text

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrInvalidURL is wrapped by every error CanonicalURL returns.
var ErrInvalidURL = errors.New("invalid URL")

// CanonicalURL returns the canonical form of an absolute http or https URL,
// so that links to the same page shared in different ways compare equal:
//
//   - surrounding white space is trimmed and the URL is put in NFC;
//   - scheme and host are lower-cased; a trailing dot on the host is removed;
//     internationalised host names are kept as written (Unicode or punycode,
//     lower-cased), not converted;
//   - the default port (80 for http, 443 for https) and an empty port are
//     dropped; user information is dropped so credentials are never stored;
//   - the path keeps its trailing slash, except that an empty path or "/"
//     is always written as no path at all ("https://a.vn/" becomes
//     "https://a.vn"); "." and ".." segments are resolved; percent escapes
//     are upper-cased and escapes of unreserved characters decoded;
//     non-ASCII characters are percent-encoded as UTF-8;
//   - the fragment is dropped (also "#!" routes);
//   - tracking parameters (utm_*, fbclid, gclid, dclid, gbraid, wbraid,
//     msclkid, mc_cid, mc_eid, igshid, igsh, yclid, twclid, ttclid, _hsenc,
//     _hsmi, mkt_tok, ref_src; names compared case-insensitively) and empty
//     pieces are dropped, and the remaining parameters are sorted by name,
//     keeping the relative order of repeated names.
//
// Errors wrap [ErrInvalidURL] and name what was wrong: empty input, a parse
// failure, a missing or unsupported scheme, a missing host or a bad port.
func CanonicalURL(raw string) (string, error) {
	s := strings.TrimSpace(NFC(raw))
	if s == "" {
		return "", urlError(raw, "empty")
	}
	u, err := url.Parse(s)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return "", urlError(raw, "cannot parse: "+err.Error())
	}
	scheme := strings.ToLower(u.Scheme)
	switch {
	case scheme == "":
		return "", urlError(raw, "missing scheme (want http or https)")
	case scheme != "http" && scheme != "https":
		return "", urlError(raw, fmt.Sprintf("unsupported scheme %q (want http or https)", u.Scheme))
	case u.Opaque != "":
		return "", urlError(raw, "missing // after the scheme")
	}
	host, err := canonicalHost(u, scheme)
	if err != nil {
		return "", urlError(raw, err.Error())
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(scheme)
	b.WriteString("://")
	b.WriteString(host)
	if p := removeDotSegments(normalizeEscapes(u.EscapedPath())); p != "/" {
		b.WriteString(p)
	}
	if q := canonicalQuery(u.RawQuery); q != "" {
		b.WriteByte('?')
		b.WriteString(q)
	}
	return b.String(), nil
}

// urlError builds an error naming the URL (shortened if long) and the reason.
func urlError(raw, reason string) error {
	const maxShown = 200
	if len(raw) > maxShown {
		cut := maxShown
		for cut > 0 && !utf8.RuneStart(raw[cut]) {
			cut--
		}
		raw = raw[:cut] + "…"
	}
	return fmt.Errorf("%w %q: %s", ErrInvalidURL, raw, reason)
}

// canonicalHost returns the lower-cased host with a non-default port.
func canonicalHost(u *url.URL, scheme string) (string, error) {
	written := strings.ToLower(u.Hostname())
	if written == "" {
		return "", errors.New("missing host")
	}
	host := strings.TrimSuffix(written, ".")
	if !strings.Contains(host, ":") && !validHostName(host) {
		return "", fmt.Errorf("bad host %q", written)
	}
	port := u.Port()
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return "", fmt.Errorf("bad port %q", port)
		}
		if (scheme == "http" && n == 80) || (scheme == "https" && n == 443) {
			port = ""
		} else {
			port = strconv.Itoa(n)
		}
	}
	if strings.Contains(host, ":") { // IPv6 literal
		host = "[" + host + "]"
	}
	if port != "" {
		host = net.JoinHostPort(strings.Trim(host, "[]"), port)
	}
	return host, nil
}

// validHostName reports whether host is a dot-separated list of non-empty
// labels made of letters (any script, for IDN), digits, '-' and '_'.
func validHostName(host string) bool {
	for label := range strings.SplitSeq(host, ".") {
		if label == "" {
			return false
		}
		for _, r := range label {
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '-' || r == '_') {
				return false
			}
		}
	}
	return true
}

// trackingParams are query parameters that only identify a campaign or a
// click, never the page. Names starting with "utm_" are tracking too.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true,
	"msclkid": true, "mc_cid": true, "mc_eid": true, "igshid": true, "igsh": true,
	"yclid": true, "twclid": true, "ttclid": true, "_hsenc": true, "_hsmi": true,
	"mkt_tok": true, "ref_src": true,
}

// isTrackingParam reports whether the (still escaped) parameter name is a
// tracking parameter.
func isTrackingParam(name string) bool {
	if n, err := url.QueryUnescape(name); err == nil {
		name = n
	}
	name = strings.ToLower(name)
	return strings.HasPrefix(name, "utm_") || trackingParams[name]
}

// canonicalQuery drops tracking and empty parameters and sorts the rest by
// name, stably. Names and values stay escaped as written, apart from escape
// normalisation, so "+" and "%20" are not conflated.
func canonicalQuery(raw string) string {
	if raw == "" {
		return ""
	}
	type param struct{ name, pair string }
	var params []param
	for pair := range strings.SplitSeq(raw, "&") {
		if pair == "" {
			continue
		}
		name, _, _ := strings.Cut(pair, "=")
		if name == "" || isTrackingParam(name) {
			continue
		}
		pair = normalizeEscapes(pair)
		name, _, _ = strings.Cut(pair, "=")
		params = append(params, param{name, pair})
	}
	slices.SortStableFunc(params, func(a, b param) int { return strings.Compare(a.name, b.name) })
	pairs := make([]string, len(params))
	for i, p := range params {
		pairs[i] = p.pair
	}
	return strings.Join(pairs, "&")
}

// normalizeEscapes upper-cases the hex digits of percent escapes, decodes
// escapes of unreserved characters (RFC 3986 section 6.2.2.2) and encodes
// characters that must not appear raw in a URL (non-ASCII, space, controls).
func normalizeEscapes(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			v := unhex(s[i+1])<<4 | unhex(s[i+2])
			if isUnreserved(v) {
				b.WriteByte(v)
			} else {
				b.WriteByte('%')
				b.WriteByte(upperHex(s[i+1]))
				b.WriteByte(upperHex(s[i+2]))
			}
			i += 2
		case c == '%' || c >= utf8.RuneSelf || c <= ' ' || c == 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' || c == '{' || c == '|' || c == '}':
			fmt.Fprintf(&b, "%%%02X", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

func upperHex(c byte) byte {
	if 'a' <= c && c <= 'f' {
		return c - 'a' + 'A'
	}
	return c
}

func isUnreserved(c byte) bool {
	return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// removeDotSegments resolves "." and ".." segments (RFC 3986 section 5.2.4)
// of an absolute path; an empty path becomes "/".
func removeDotSegments(p string) string {
	if p == "" {
		return "/"
	}
	if !strings.Contains(p, "/.") && !strings.HasPrefix(p, ".") {
		return p
	}
	segs := strings.Split(p, "/")
	out := make([]string, 0, len(segs))
	for i, seg := range segs {
		last := i == len(segs)-1
		switch seg {
		case ".":
			if last {
				out = append(out, "")
			}
		case "..":
			if len(out) > 1 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, seg)
		}
	}
	r := strings.Join(out, "/")
	if !strings.HasPrefix(r, "/") {
		r = "/" + r
	}
	return r
}
