// Package sourceadmin holds the rules for managing watched sources that the
// REST API and the web UI share: checking what an admin typed (kind, URL,
// interval, settings), who may change a source, hiding secret settings, and
// the test fetch that previews a source without storing anything.
package sourceadmin

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/factdesk/factdesk/internal/netguard"
	"github.com/factdesk/factdesk/internal/source"
	"github.com/factdesk/factdesk/internal/store"
)

// MaxNameChars bounds a source's name.
const MaxNameChars = 200

// Input is a new source as typed into a form or sent to the API.
type Input struct {
	Kind     string
	URL      string
	Name     string            // empty: the store names the source after its URL
	UnitID   int64             // 0: no owning unit
	Every    string            // poll interval such as "5m"; empty: DefaultEvery
	Settings map[string]string // per-kind options
}

// Changes is a partial update of a source; nil fields stay as they are.
type Changes struct {
	Name     *string
	URL      *string
	Every    *string
	Settings map[string]string // nil: unchanged; values equal to Redacted keep the stored secret
}

// Validator checks source input against the kinds the connectors know and
// the address policy.
type Validator struct {
	// AllowPrivate permits URLs on loopback, private and link-local
	// addresses (the admin's --allow-private-sources).
	AllowPrivate bool
}

// Kinds lists the kinds a source may be created with: the polling kinds
// first, then the streaming ones.
func Kinds() []string { return append(source.Kinds(), source.StreamKinds()...) }

// New checks in and returns the source to create, or an *InvalidError
// naming each bad field.
func (v Validator) New(in Input) (store.Source, error) {
	p := Problems{}
	s := store.Source{Kind: strings.TrimSpace(in.Kind), URL: strings.TrimSpace(in.URL),
		Name: strings.TrimSpace(in.Name), UnitID: in.UnitID, State: store.SourceActive}
	switch {
	case s.Kind == "":
		p.Add("kind", CodeKindRequired, "")
	case !slices.Contains(Kinds(), s.Kind):
		p.Add("kind", CodeKindUnknown, "known kinds: "+strings.Join(Kinds(), ", "))
	default:
		v.checkURL(p, s.Kind, s.URL)
	}
	v.checkName(p, s.Name, false)
	every, code, detail := ParseEvery(in.Every)
	if code != "" {
		p.Add("every", code, detail)
	}
	s.Every = every
	s.Settings = cleanSettings(in.Settings)
	checkSettings(p, s.Settings)
	return s, p.Err()
}

// Update checks changes to cur and returns what the store should change.
// Secret settings sent back as Redacted keep their stored values.
func (v Validator) Update(cur store.Source, c Changes) (store.SourceChanges, error) {
	p := Problems{}
	var out store.SourceChanges
	if c.Name != nil {
		name := strings.TrimSpace(*c.Name)
		v.checkName(p, name, true)
		out.Name = &name
	}
	if c.URL != nil {
		u := strings.TrimSpace(*c.URL)
		if u != cur.URL {
			v.checkURL(p, cur.Kind, u)
		}
		out.URL = &u
	}
	if c.Every != nil {
		every, code, detail := ParseEvery(*c.Every)
		if code != "" {
			p.Add("every", code, detail)
		}
		out.Every = &every
	}
	if c.Settings != nil {
		out.Settings = MergeSettings(cur.Settings, cleanSettings(c.Settings))
		checkSettings(p, out.Settings)
	}
	return out, p.Err()
}

// checkURL validates a URL for kind: its shape by the connector, then its
// host against the address policy. Push and import sources take no URL.
func (v Validator) checkURL(p Problems, kind, u string) {
	if !slices.Contains(Kinds(), kind) {
		if u != "" {
			p.Add("url", CodeURLUnused, "")
		}
		return
	}
	if u == "" && kind != source.KindBlueskyJetstream {
		p.Add("url", CodeURLRequired, "")
		return
	}
	if err := source.Validate(kind, u); err != nil {
		p.Add("url", CodeURLInvalid, err.Error())
		return
	}
	if err := source.CheckAddress(u, netguard.Policy{AllowPrivate: v.AllowPrivate}); err != nil {
		p.Add("url", CodeURLPrivate, err.Error())
	}
}

func (v Validator) checkName(p Problems, name string, required bool) {
	switch {
	case name == "" && required:
		p.Add("name", CodeNameRequired, "")
	case utf8.RuneCountInString(name) > MaxNameChars:
		p.Add("name", CodeNameTooLong, "")
	}
}
