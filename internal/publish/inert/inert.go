// Package inert checks, for tests, that an HTML document cannot run
// script: no script-capable elements, no event-handler attributes, and no
// link or source that is not http(s), relative or a fragment.
package inert

import (
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html"
)

// dangerous are elements that run or embed active content.
var dangerous = map[string]bool{"script": true, "iframe": true, "object": true, "embed": true, "svg": true, "math": true, "frame": true, "base": true}

// Check parses r and returns one description per active thing found.
// Script elements whose type is application/ld+json are data and allowed.
func Check(r io.Reader) ([]string, error) {
	doc, err := html.Parse(r)
	if err != nil {
		return nil, err
	}
	var bad []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if dangerous[n.Data] && !(n.Data == "script" && attr(n, "type") == "application/ld+json") {
				bad = append(bad, "<"+n.Data+">")
			}
			for _, a := range n.Attr {
				k := strings.ToLower(a.Key)
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(k, "on") {
					bad = append(bad, fmt.Sprintf("<%s %s=%q>", n.Data, a.Key, a.Val))
				}
				if (k == "href" || k == "src" || k == "action" || k == "formaction") && !safeURL(v) {
					bad = append(bad, fmt.Sprintf("<%s %s=%q>", n.Data, a.Key, a.Val))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return bad, nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func safeURL(v string) bool {
	if v == "" || strings.HasPrefix(v, "/") || strings.HasPrefix(v, "#") || strings.HasPrefix(v, "?") {
		return true
	}
	return strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "mailto:")
}
