package sourceadmin

import (
	"strings"
	"testing"
)

// FuzzParseSettingsText: settings typed in the source form parse into keys
// and values without surrounding space or line breaks, or are refused with
// the line at fault; what parses writes back (SettingsText) and reads again
// to the same settings, secrets aside.
//
//	go test -run '^$' -fuzz FuzzParseSettingsText -fuzztime 60s ./internal/sourceadmin/
func FuzzParseSettingsText(f *testing.F) {
	for _, s := range []string{"keywords=đà nẵng,lũ\nlangs=vi", "# c\n\n a = b \r\n", "=x", "x", "a=b=c", "access_token=secret", "\x00=\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseSettingsText(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "line ") {
				t.Fatalf("error %q does not name the line", err)
			}
			return
		}
		for k, v := range m {
			if k == "" || k != strings.TrimSpace(k) || v != strings.TrimSpace(v) || strings.ContainsAny(k+v, "\n") {
				t.Fatalf("setting %q=%q from %q", k, v, s)
			}
		}
		again, err := ParseSettingsText(SettingsText(m))
		if err != nil {
			t.Fatalf("SettingsText(%v) does not read back: %v", m, err)
		}
		for k, v := range m {
			if !IsSecret(k) && again[k] != v && !strings.HasPrefix(k, "#") {
				t.Fatalf("round trip of %q: %q, want %q", k, again[k], v)
			}
		}
	})
}
