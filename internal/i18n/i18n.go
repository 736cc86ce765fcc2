// Package i18n holds factdesk's user-interface catalogues (Vietnamese and
// English) and picks the language of a request. Every string the web UI shows
// comes from here, looked up by a dotted key such as "nav.cases".
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"sort"

	"golang.org/x/text/language"
)

// The supported languages, as stored in users.locale and the lang cookie.
const (
	Vietnamese = "vi"
	English    = "en"
	// Default is the language when nothing else decides: Vietnamese is
	// factdesk's first language.
	Default = Vietnamese
)

//go:embed locales/*.json
var localeFS embed.FS

// Catalog holds the messages of every supported language. It is read-only
// after New and safe for concurrent use.
type Catalog struct {
	langs   []string                     // supported, Default first
	msgs    map[string]map[string]string // lang -> key -> message
	matcher language.Matcher
}

// New loads the embedded catalogues. It fails when a catalogue is missing or
// malformed.
func New() (*Catalog, error) {
	c := &Catalog{
		langs: []string{Vietnamese, English},
		msgs:  make(map[string]map[string]string),
	}
	tags := make([]language.Tag, 0, len(c.langs))
	for _, lang := range c.langs {
		b, err := localeFS.ReadFile("locales/" + lang + ".json")
		if err != nil {
			return nil, fmt.Errorf("i18n: read %s catalogue: %w", lang, err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("i18n: parse %s catalogue: %w", lang, err)
		}
		c.msgs[lang] = m
		tags = append(tags, language.MustParse(lang))
	}
	c.matcher = language.NewMatcher(tags)
	return c, nil
}

// Languages lists the supported language codes, the default first.
func (c *Catalog) Languages() []string { return slices.Clone(c.langs) }

// Supported reports whether lang is a supported language code.
func (c *Catalog) Supported(lang string) bool { return slices.Contains(c.langs, lang) }

// Has reports whether lang's catalogue defines key.
func (c *Catalog) Has(lang, key string) bool {
	_, ok := c.msgs[lang][key]
	return ok
}

// Keys lists the keys of lang's catalogue in order.
func (c *Catalog) Keys(lang string) []string {
	keys := make([]string, 0, len(c.msgs[lang]))
	for k := range c.msgs[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// T returns the message for key in lang, formatted with args as by
// fmt.Sprintf when there are any. An unknown language falls back to Default;
// an unknown key comes back as the key itself, so a gap shows instead of
// breaking the page (a test keeps the catalogues complete).
func (c *Catalog) T(lang, key string, args ...any) string {
	m, ok := c.msgs[lang]
	if !ok {
		m = c.msgs[Default]
	}
	msg, ok := m[key]
	if !ok {
		return key
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// Match picks the best supported language for an Accept-Language header
// value, or Default when nothing matches.
func (c *Catalog) Match(acceptLanguage string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return Default
	}
	_, idx, conf := c.matcher.Match(tags...)
	if conf == language.No || idx < 0 || idx >= len(c.langs) {
		return Default
	}
	return c.langs[idx]
}

// Printer translates into one language.
type Printer struct {
	c    *Catalog
	lang string
}

// Printer returns a printer for lang (Default when lang is unsupported).
func (c *Catalog) Printer(lang string) Printer {
	if !c.Supported(lang) {
		lang = Default
	}
	return Printer{c: c, lang: lang}
}

// Lang is the printer's language code.
func (p Printer) Lang() string { return p.lang }

// T returns the message for key, formatted with args. See Catalog.T.
func (p Printer) T(key string, args ...any) string { return p.c.T(p.lang, key, args...) }
