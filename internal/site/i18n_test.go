package site

import (
	"testing"
	"text/template/parse"

	"github.com/factdesk/factdesk/internal/i18n"
)

// TestTemplateKeysInCatalogues checks every literal {{t "key"}} of the
// public templates against both catalogues, and that the code's computed
// keys exist too.
func TestTemplateKeysInCatalogues(t *testing.T) {
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	pages, err := parsePages(cat)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			for _, c := range n.Cmds {
				if len(c.Args) > 1 {
					if id, ok := c.Args[0].(*parse.IdentifierNode); ok && id.Ident == "t" {
						if s, ok := c.Args[1].(*parse.StringNode); ok {
							keys[s.Text] = true
						}
					}
				}
				for _, a := range c.Args {
					walk(a)
				}
			}
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		}
	}
	for _, langs := range pages {
		for _, tmpl := range langs[i18n.Default].Templates() {
			if tmpl.Tree != nil {
				walk(tmpl.Tree.Root)
			}
		}
	}
	if len(keys) < 20 {
		t.Fatalf("found only %d keys; is the walk broken?", len(keys))
	}
	for _, sec := range []string{"facts", "notices"} {
		keys["site."+sec+".title"], keys["site."+sec+".lead"] = true, true
	}
	for _, k := range []string{"site.error.not_found", "site.error.invalid", "site.error.internal", "claims.verdict.false", "claims.verdict.missing-context"} {
		keys[k] = true
	}
	for k := range keys {
		for _, lang := range cat.Languages() {
			if !cat.Has(lang, k) {
				t.Errorf("key %q missing in %s", k, lang)
			}
		}
	}
}
