package site

import (
	"bytes"
	"encoding/xml"
	"time"
)

type rss struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title       string    `xml:"title"`
	Link        string    `xml:"link"`
	Self        atomLink  `xml:"atom:link"`
	Description string    `xml:"description"`
	Language    string    `xml:"language"`
	LastBuild   string    `xml:"lastBuildDate,omitempty"`
	Items       []rssItem `xml:"item"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type rssItem struct {
	Title       string   `xml:"title"`
	Link        string   `xml:"link"`
	GUID        rssGUID  `xml:"guid"`
	Description string   `xml:"description"`
	PubDate     string   `xml:"pubDate"`
	Categories  []string `xml:"category"`
}

type rssGUID struct {
	Value     string `xml:",chardata"`
	Permalink bool   `xml:"isPermaLink,attr"`
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr,omitempty"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title      string         `xml:"title"`
	ID         string         `xml:"id"`
	Link       atomLink       `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Summary    string         `xml:"summary"`
	Lang       string         `xml:"xml:lang,attr,omitempty"`
	Categories []atomCategory `xml:"category"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

// feedItem is one entry of a feed, whatever its format.
type feedItem struct {
	Title, URL, Summary, Lang string
	Tags                      []string
	Published, Updated        time.Time
}

// feed is a list of items with its own title and addresses.
type feed struct {
	Title, Description, Lang string
	PageURL, SelfURL         string
	Publisher                string
	Items                    []feedItem
}

func (f feed) updated() time.Time {
	var last time.Time
	for _, it := range f.Items {
		if it.Updated.After(last) {
			last = it.Updated
		}
	}
	return last
}

// RSS renders f as RSS 2.0.
func (f feed) RSS() []byte {
	ch := rssChannel{Title: f.Title, Link: f.PageURL, Description: f.Description, Language: f.Lang,
		Self: atomLink{Href: f.SelfURL, Rel: "self", Type: "application/rss+xml"}}
	if u := f.updated(); !u.IsZero() {
		ch.LastBuild = u.UTC().Format(time.RFC1123Z)
	}
	for _, it := range f.Items {
		ch.Items = append(ch.Items, rssItem{Title: it.Title, Link: it.URL, GUID: rssGUID{Value: it.URL, Permalink: true},
			Description: it.Summary, PubDate: it.Published.UTC().Format(time.RFC1123Z), Categories: it.Tags})
	}
	return encodeXML(rss{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", Channel: ch})
}

// Atom renders f as Atom 1.0.
func (f feed) Atom() []byte {
	a := atomFeed{Lang: f.Lang, Title: f.Title, ID: f.SelfURL, Updated: f.updated().UTC().Format(time.RFC3339),
		Links:  []atomLink{{Href: f.SelfURL, Rel: "self", Type: "application/atom+xml"}, {Href: f.PageURL, Rel: "alternate", Type: "text/html"}},
		Author: atomPerson{Name: f.Publisher}}
	for _, it := range f.Items {
		e := atomEntry{Title: it.Title, ID: it.URL, Link: atomLink{Href: it.URL, Rel: "alternate", Type: "text/html"},
			Published: it.Published.UTC().Format(time.RFC3339), Updated: it.Updated.UTC().Format(time.RFC3339), Summary: it.Summary, Lang: it.Lang}
		for _, t := range it.Tags {
			e.Categories = append(e.Categories, atomCategory{Term: t})
		}
		a.Entries = append(a.Entries, e)
	}
	return encodeXML(a)
}

type sitemap struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

func encodeXML(v any) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil // plain structs of strings always encode
	}
	b.WriteByte('\n')
	return b.Bytes()
}
