package rss

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"

	"github.com/factdesk/factdesk/internal/netguard"
)

// decoded is a feed body made ready for gofeed: UTF-8, NFC, no BOM, no
// leading blanks, no characters XML forbids, declaration saying UTF-8.
type decoded struct {
	data     []byte
	kind     byte     // '<' for XML, '{' for JSON
	notes    []string // repairs that concern every item
	repaired bool     // invalid UTF-8 was replaced by U+FFFD
}

var (
	xmlDecl   = regexp.MustCompile(`^<\?xml[^>]{0,200}?\?>`)
	declEnc   = regexp.MustCompile(`encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)
	langIsVi  = regexp.MustCompile(`(?i)(<(dc:)?language>\s*vi\b|xml:lang\s*=\s*["']vi\b|"language"\s*:\s*"vi\b)`)
	gzipMagic = []byte{0x1f, 0x8b}
)

// decode turns raw feed bytes into UTF-8 ready for parsing. contentType is
// the HTTP Content-Type (may be empty). It fails only for a body that cannot
// be a feed at all.
func decode(raw []byte, contentType string) (decoded, error) {
	var d decoded
	data := raw
	if bytes.HasPrefix(data, gzipMagic) {
		z, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return d, fmt.Errorf("gzip: %w", err)
		}
		data, err = io.ReadAll(netguard.LimitBody(io.NopCloser(z), netguard.DefaultBodyCap))
		if err != nil {
			return d, fmt.Errorf("gzip: %w", err)
		}
	}
	data, label := stripBOM(data)
	data = bytes.TrimLeft(data, " \t\r\n\x00")
	if len(data) == 0 || (data[0] != '<' && data[0] != '{') {
		return d, errNotFeed
	}
	d.kind = data[0]

	var decl []byte
	if d.kind == '<' {
		decl = xmlDecl.Find(data)
		if label == "" {
			if m := declEnc.FindSubmatch(decl); m != nil {
				label = string(m[1])
			}
		}
	}
	if label == "" {
		label = charsetParam(contentType)
	}
	data = d.toUTF8(data, label)
	if decl != nil {
		data = replaceDecl(data)
	}
	data = stripIllegal(data)
	if !norm.NFC.IsNormal(data) {
		data = norm.NFC.Bytes(data)
	}
	d.data = data
	return d, nil
}

// stripBOM removes a byte order mark; UTF-16 input is converted to UTF-8.
// It returns the charset the BOM names ("" when there is none).
func stripBOM(b []byte) ([]byte, string) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return b[3:], "utf-8"
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}), bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		out, err := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes(b)
		if err == nil {
			return out, "utf-8"
		}
	case bytes.HasPrefix(b, []byte{'<', 0, '?', 0}):
		if out, err := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder().Bytes(b); err == nil {
			return out, "utf-8"
		}
	case bytes.HasPrefix(b, []byte{0, '<', 0, '?'}):
		if out, err := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder().Bytes(b); err == nil {
			return out, "utf-8"
		}
	}
	return b, ""
}

func charsetParam(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return params["charset"]
}

// toUTF8 decodes data from the charset label, checking the label against
// the bytes: a declared single-byte charset over bytes that are clearly
// UTF-8 is read as UTF-8, and undeclared non-UTF-8 bytes are read as
// Windows-1252 (Windows-1258 when the feed says it is Vietnamese).
func (d *decoded) toUTF8(data []byte, label string) []byte {
	label = strings.ToLower(strings.TrimSpace(label))
	if label == "" || label == "utf-8" || label == "utf8" {
		return d.fromUTF8(data, label)
	}
	enc, err := htmlindex.Get(label)
	if err != nil {
		d.notes = append(d.notes, fmt.Sprintf("unknown charset %q: read as UTF-8", label))
		return d.fromUTF8(data, "")
	}
	name, _ := htmlindex.Name(enc)
	switch {
	case name == "utf-8":
		return d.fromUTF8(data, label)
	case strings.HasPrefix(name, "utf-16"):
		// A UTF-16 label on bytes that had no BOM and reached here as
		// ASCII-compatible: the label is wrong.
		return d.fromUTF8(data, "")
	case utf8.Valid(data) && hasMultibyte(data):
		d.notes = append(d.notes, fmt.Sprintf("declared %s but the bytes are UTF-8: read as UTF-8", label))
		return data
	}
	return decodeWith(enc, data)
}

// fromUTF8 handles bytes that should be UTF-8. label is the declared charset
// ("" when none was declared).
func (d *decoded) fromUTF8(data []byte, label string) []byte {
	if utf8.Valid(data) {
		return data
	}
	if valid, invalid := utf8Stats(data); invalid > valid {
		// More broken sequences than good ones: a legacy 8-bit charset
		// rather than UTF-8 with a few stray bytes.
		enc, name := encoding.Encoding(charmap.Windows1252), "windows-1252"
		if langIsVi.Match(data[:min(len(data), 64<<10)]) {
			enc, name = charmap.Windows1258, "windows-1258"
		}
		if label == "" {
			d.notes = append(d.notes, fmt.Sprintf("no charset declared and bytes are not UTF-8: decoded as %s", name))
		} else {
			d.notes = append(d.notes, fmt.Sprintf("declared %s but bytes are not UTF-8: decoded as %s", label, name))
		}
		return decodeWith(enc, data)
	}
	d.repaired = true
	return bytes.ToValidUTF8(data, []byte("\uFFFD"))
}

func decodeWith(enc encoding.Encoding, data []byte) []byte {
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	return out
}

// hasMultibyte reports whether data holds at least one valid multi-byte
// UTF-8 sequence.
func hasMultibyte(data []byte) bool {
	valid, _ := utf8Stats(data)
	return valid > 0
}

// utf8Stats counts valid multi-byte UTF-8 sequences and invalid bytes.
func utf8Stats(data []byte) (valid, invalid int) {
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			invalid++
		} else {
			valid++
		}
		i += size
	}
	return valid, invalid
}

// replaceDecl rewrites the XML declaration to say UTF-8, which the data now is.
func replaceDecl(data []byte) []byte {
	loc := xmlDecl.FindIndex(data)
	if loc == nil {
		return data
	}
	const utf8Decl = `<?xml version="1.0" encoding="UTF-8"?>`
	out := make([]byte, 0, len(data)-loc[1]+len(utf8Decl))
	out = append(out, utf8Decl...)
	return append(out, data[loc[1]:]...)
}

// stripIllegal drops characters XML 1.0 forbids (C0 controls other than tab,
// CR, LF; U+FFFE; U+FFFF). data must be valid UTF-8.
func stripIllegal(data []byte) []byte {
	clean := true
	for _, r := range string(data) {
		if !legalXMLChar(r) {
			clean = false
			break
		}
	}
	if clean {
		return data
	}
	out := make([]byte, 0, len(data))
	for _, r := range string(data) {
		if legalXMLChar(r) {
			out = utf8.AppendRune(out, r)
		}
	}
	return out
}

func legalXMLChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= utf8.MaxRune)
}
