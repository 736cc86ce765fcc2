package mastodon

import (
	"fmt"
	"net/url"
	"strings"
)

// Timeline kinds a source URL can name.
const (
	TimelinePublic  = "public"  // https://instance/public (federated) or /public/local
	TimelineTag     = "tag"     // https://instance/tags/NAME
	TimelineAccount = "account" // https://instance/@user or /@user@other.instance
)

// Target is a parsed source URL: which instance and which timeline.
type Target struct {
	Base     string // scheme://host of the instance, no trailing slash
	Host     string
	Timeline string // TimelinePublic, TimelineTag or TimelineAccount
	Local    bool   // public or tag timeline limited to the instance's own accounts
	Tag      string // for TimelineTag, without '#'
	Acct     string // for TimelineAccount: "user" or "user@other.instance"
}

// ParseURL reads the source URL forms this connector accepts:
//
//	https://instance/public          federated public timeline
//	https://instance/public/local    local public timeline (also setting local=true)
//	https://instance/tags/NAME       hashtag timeline
//	https://instance/@user           one account's public statuses
//	https://instance/@user@other     a remote account, looked up via this instance
func ParseURL(raw string) (Target, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return Target{}, fmt.Errorf("mastodon: bad URL %q: %w", raw, err)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return Target{}, fmt.Errorf("mastodon: URL %q must start with https://", raw)
	}
	if u.Host == "" || u.User != nil {
		return Target{}, fmt.Errorf("mastodon: URL %q needs an instance host and no credentials", u.Redacted())
	}
	t := Target{Base: u.Scheme + "://" + u.Host, Host: u.Host}
	path := strings.Trim(u.EscapedPath(), "/")
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if parts[i], err = url.PathUnescape(p); err != nil {
			return Target{}, fmt.Errorf("mastodon: bad URL %q: %w", raw, err)
		}
	}
	switch {
	case len(parts) == 1 && parts[0] == "public":
		t.Timeline = TimelinePublic
	case len(parts) == 2 && parts[0] == "public" && parts[1] == "local":
		t.Timeline, t.Local = TimelinePublic, true
	case len(parts) == 2 && parts[0] == "tags" && validTag(strings.TrimPrefix(parts[1], "#")):
		t.Timeline, t.Tag = TimelineTag, strings.TrimPrefix(parts[1], "#")
	case len(parts) == 1 && strings.HasPrefix(parts[0], "@") && validAcct(parts[0][1:]):
		t.Timeline, t.Acct = TimelineAccount, parts[0][1:]
	default:
		return Target{}, fmt.Errorf("mastodon: URL %q is not a timeline: use https://instance/public, https://instance/tags/NAME or https://instance/@user", raw)
	}
	return t, nil
}

func validTag(s string) bool {
	if s == "" || len(s) > 200 {
		return false
	}
	return !strings.ContainsAny(s, "/?#& \t\n")
}

func validAcct(s string) bool {
	user, domain, hasDomain := strings.Cut(s, "@")
	if user == "" || len(s) > 300 || strings.ContainsAny(s, "/?#& \t\n") {
		return false
	}
	return !hasDomain || (domain != "" && !strings.Contains(domain, "@"))
}
