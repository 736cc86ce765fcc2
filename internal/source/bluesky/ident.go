package bluesky

import (
	"fmt"
	"net/url"
	"strings"
)

// validDID accepts did:plc:... and did:web:... style identifiers.
func validDID(s string) bool {
	if !strings.HasPrefix(s, "did:") || len(s) > 2048 {
		return false
	}
	method, id, ok := strings.Cut(s[4:], ":")
	if !ok || method == "" || id == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(":._%-", r)) {
			return false
		}
	}
	return true
}

// validRKey accepts record keys (1-512 chars of [A-Za-z0-9._:~-]).
func validRKey(s string) bool {
	if s == "" || len(s) > 512 || s == "." || s == ".." {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._:~-", r)) {
			return false
		}
	}
	return true
}

// validHandle accepts domain-like handles such as alice.bsky.social.
func validHandle(s string) bool {
	if len(s) > 253 || !strings.Contains(s, ".") {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// ParseProfileURL reads the account a polling source follows from
// https://bsky.app/profile/HANDLE-or-DID (a bare handle or DID is accepted
// too) and returns the actor to pass to getAuthorFeed.
func ParseProfileURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	actor := strings.TrimPrefix(raw, "@")
	if strings.Contains(raw, "://") {
		u, err := url.Parse(raw)
		if err != nil {
			return "", fmt.Errorf("bluesky: bad URL %q: %w", raw, err)
		}
		parts := strings.Split(strings.Trim(u.Path, "/"), "/")
		if u.Scheme != "https" || u.Host != "bsky.app" || len(parts) != 2 || parts[0] != "profile" {
			return "", fmt.Errorf("bluesky: URL %q is not a profile: use https://bsky.app/profile/HANDLE", raw)
		}
		actor = parts[1]
	}
	switch {
	case validDID(actor):
		return actor, nil
	case validHandle(actor):
		return strings.ToLower(actor), nil // handles are case-insensitive
	}
	return "", fmt.Errorf("bluesky: %q is not a handle or DID", actor)
}
