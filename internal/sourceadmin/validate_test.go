package sourceadmin

import (
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/store"
)

func TestValidatorNew(t *testing.T) {
	tests := []struct {
		name   string
		v      Validator
		in     Input
		fields map[string]string // field -> code; nil means valid
	}{
		{"rss", Validator{}, Input{Kind: "rss", URL: " https://vnexpress.net/rss/tin-moi-nhat.rss ", Every: "10m"}, nil},
		{"mastodon tag", Validator{}, Input{Kind: "mastodon", URL: "https://mastodon.social/tags/vietnam"}, nil},
		{"jetstream without URL", Validator{}, Input{Kind: "bluesky-jetstream"}, nil},
		{"no kind", Validator{}, Input{URL: "https://x.example/feed"}, map[string]string{"kind": CodeKindRequired}},
		{"unknown kind", Validator{}, Input{Kind: "gopher", URL: "https://x.example/feed"}, map[string]string{"kind": CodeKindUnknown}},
		{"no URL", Validator{}, Input{Kind: "rss"}, map[string]string{"url": CodeURLRequired}},
		{"ftp URL", Validator{}, Input{Kind: "rss", URL: "ftp://x.example/feed"}, map[string]string{"url": CodeURLInvalid}},
		{"loopback", Validator{}, Input{Kind: "rss", URL: "http://127.0.0.1:8080/feed"}, map[string]string{"url": CodeURLPrivate}},
		{"metadata", Validator{}, Input{Kind: "rss", URL: "http://169.254.169.254/latest"}, map[string]string{"url": CodeURLPrivate}},
		{"localhost", Validator{}, Input{Kind: "rss", URL: "http://localhost/feed"}, map[string]string{"url": CodeURLPrivate}},
		{"loopback allowed", Validator{AllowPrivate: true}, Input{Kind: "rss", URL: "http://127.0.0.1:8080/feed"}, nil},
		{"bad every", Validator{}, Input{Kind: "rss", URL: "https://x.example/f", Every: "often"}, map[string]string{"every": CodeEveryInvalid}},
		{"fast every", Validator{}, Input{Kind: "rss", URL: "https://x.example/f", Every: "5s"}, map[string]string{"every": CodeEveryTooShort}},
		{"slow every", Validator{}, Input{Kind: "rss", URL: "https://x.example/f", Every: "400h"}, map[string]string{"every": CodeEveryTooLong}},
		{"long name", Validator{}, Input{Kind: "rss", URL: "https://x.example/f", Name: string(make([]rune, 201))}, map[string]string{"name": CodeNameTooLong}},
		{"bad setting", Validator{}, Input{Kind: "rss", URL: "https://x.example/f", Settings: map[string]string{"Bad Key": "1"}}, map[string]string{"settings": CodeSettingsInvalid}},
		{"many problems", Validator{}, Input{Kind: "rss", URL: "http://10.0.0.1/", Every: "1s"}, map[string]string{"url": CodeURLPrivate, "every": CodeEveryTooShort}},
	}
	for _, tt := range tests {
		s, err := tt.v.New(tt.in)
		if tt.fields == nil {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		ie, ok := err.(*InvalidError)
		if !ok {
			t.Errorf("%s: err %v, want *InvalidError", tt.name, err)
			continue
		}
		if got := ie.FieldCodes(); len(got) != len(tt.fields) {
			t.Errorf("%s: codes %v, want %v", tt.name, got, tt.fields)
		}
		for f, code := range tt.fields {
			if ie.FieldCodes()[f] != code {
				t.Errorf("%s: %s = %q, want %q", tt.name, f, ie.FieldCodes()[f], code)
			}
		}
		if !apperr.Is(err, apperr.Invalid) || len(apperr.FieldsOf(err)) != len(tt.fields) {
			t.Errorf("%s: not an apperr Invalid with fields: %v", tt.name, err)
		}
		_ = s
	}
	s, err := Validator{}.New(Input{Kind: "rss", URL: " https://x.example/f ", Name: " X ", Every: "1h30m"})
	if err != nil || s.URL != "https://x.example/f" || s.Name != "X" || s.Every != 90*time.Minute || s.State != store.SourceActive {
		t.Errorf("New = %+v, %v", s, err)
	}
	if s, _ := (Validator{}).New(Input{Kind: "rss", URL: "https://x.example/f"}); s.Every != DefaultEvery {
		t.Errorf("default every = %v", s.Every)
	}
}

func TestValidatorUpdate(t *testing.T) {
	cur := store.Source{ID: 3, Kind: "mastodon", URL: "https://mastodon.social/public",
		Settings: map[string]string{"access_token": "s3cret", "local": "1"}}
	v := Validator{}
	name, url, every := "Mastodon VN", "https://mastodon.social/tags/vietnam", "15m"
	c, err := v.Update(cur, Changes{Name: &name, URL: &url, Every: &every,
		Settings: map[string]string{"access_token": Redacted, "limit": "20"}})
	if err != nil {
		t.Fatal(err)
	}
	if *c.Name != name || *c.URL != url || *c.Every != 15*time.Minute {
		t.Errorf("changes %+v", c)
	}
	if c.Settings["access_token"] != "s3cret" || c.Settings["limit"] != "20" || c.Settings["local"] != "" {
		t.Errorf("settings %v: the redacted secret must keep its value, others replace", c.Settings)
	}
	// An unchanged private URL is not checked again (it was allowed once).
	cur.URL = "http://10.1.1.1/public"
	same := cur.URL
	if _, err := v.Update(cur, Changes{URL: &same}); err != nil {
		t.Errorf("unchanged URL: %v", err)
	}
	bad := "http://10.2.2.2/public"
	empty := " "
	_, err = v.Update(cur, Changes{URL: &bad, Name: &empty})
	ie, ok := err.(*InvalidError)
	if !ok || ie.FieldCodes()["url"] != CodeURLPrivate || ie.FieldCodes()["name"] != CodeNameRequired {
		t.Errorf("bad update: %v", err)
	}
	push := store.Source{Kind: "push", Name: "push"}
	if _, err := v.Update(push, Changes{URL: &url}); err == nil {
		t.Errorf("a push source took a URL")
	}
}

func TestEvery(t *testing.T) {
	for in, want := range map[string]string{"": "5m", "90s": "1m30s", "1h": "1h", "2h30m": "2h30m", "45s": "45s", "24h": "24h"} {
		d, code, _ := ParseEvery(in)
		if code != "" || FormatEvery(d) != want {
			t.Errorf("ParseEvery(%q) = %v (%s), formatted %q, want %q", in, d, code, FormatEvery(d), want)
		}
	}
}

func TestSettings(t *testing.T) {
	s := map[string]string{"access_token": "abc", "local": "1", "api_key": ""}
	r := RedactSettings(s)
	if r["access_token"] != Redacted || r["local"] != "1" || r["api_key"] != "" {
		t.Errorf("RedactSettings = %v", r)
	}
	if s["access_token"] != "abc" {
		t.Error("RedactSettings changed its input")
	}
	txt := SettingsText(s)
	if txt != "access_token=********\napi_key=\nlocal=1\n" {
		t.Errorf("SettingsText = %q", txt)
	}
	back, err := ParseSettingsText("# comment\n" + txt + "\n  keywords = bão, lũ \n")
	if err != nil || back["keywords"] != "bão, lũ" || back["access_token"] != Redacted {
		t.Errorf("ParseSettingsText = %v, %v", back, err)
	}
	if merged := MergeSettings(s, back); merged["access_token"] != "abc" {
		t.Errorf("MergeSettings lost the secret: %v", merged)
	}
	if _, err := ParseSettingsText("novalue"); err == nil {
		t.Error("ParseSettingsText accepted a line without =")
	}
}
