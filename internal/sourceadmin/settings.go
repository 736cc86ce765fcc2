package sourceadmin

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Redacted stands for a secret setting's value in anything shown or sent
// back; a form or PATCH that returns it unchanged keeps the stored secret.
const Redacted = "********"

// Limits on settings.
const (
	maxSettings     = 32
	maxSettingBytes = 2000
)

var settingKey = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

// IsSecret reports whether a setting holds a credential (access_token,
// api_key, password, ...) that must never be shown or logged.
func IsSecret(key string) bool {
	k := strings.ToLower(key)
	for _, w := range []string{"token", "secret", "password", "passwd", "api_key", "apikey"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// RedactSettings returns a copy of settings with secret values replaced by
// Redacted.
func RedactSettings(settings map[string]string) map[string]string {
	out := make(map[string]string, len(settings))
	for k, v := range settings {
		if IsSecret(k) && v != "" {
			v = Redacted
		}
		out[k] = v
	}
	return out
}

// MergeSettings returns next with every secret value equal to Redacted
// replaced by the value in cur, so that a form showing redacted secrets
// does not overwrite them.
func MergeSettings(cur, next map[string]string) map[string]string {
	out := make(map[string]string, len(next))
	for k, v := range next {
		if v == Redacted && IsSecret(k) {
			if old, ok := cur[k]; ok {
				v = old
			}
		}
		out[k] = v
	}
	return out
}

// cleanSettings trims keys and values and drops empty keys.
func cleanSettings(in map[string]string) map[string]string {
	out := make(map[string]string, len(in))
	for k, v := range in {
		if k = strings.TrimSpace(k); k != "" {
			out[k] = strings.TrimSpace(v)
		}
	}
	return out
}

func checkSettings(p Problems, s map[string]string) {
	if len(s) > maxSettings {
		p.Add("settings", CodeSettingsInvalid, fmt.Sprintf("at most %d settings", maxSettings))
		return
	}
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch {
		case !settingKey.MatchString(k):
			p.Add("settings", CodeSettingsInvalid, fmt.Sprintf("%s: a key is lower-case letters, digits and _", quote(k)))
		case len(s[k]) > maxSettingBytes:
			p.Add("settings", CodeSettingsInvalid, fmt.Sprintf("%s: at most %d bytes", k, maxSettingBytes))
		}
	}
}

// ParseSettingsText reads settings typed one per line as key=value; blank
// lines and lines starting with # are skipped.
func ParseSettingsText(s string) (map[string]string, error) {
	out := map[string]string{}
	for i, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, fmt.Errorf("line %d: want key=value", i+1)
		}
		out[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return out, nil
}

// SettingsText writes settings one per line as key=value, sorted, with
// secrets redacted; ParseSettingsText reads it back.
func SettingsText(settings map[string]string) string {
	r := RedactSettings(settings)
	keys := make([]string, 0, len(r))
	for k := range r {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%s\n", k, r[k])
	}
	return b.String()
}
