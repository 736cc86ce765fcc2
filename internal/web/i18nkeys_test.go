package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"text/template/parse"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/i18n"
)

// TestTemplatesUseKnownKeys walks every parsed template and checks each
// {{t "key"}} against every catalogue.
func TestTemplatesUseKnownKeys(t *testing.T) {
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	a, err := newAssets()
	if err != nil {
		t.Fatal(err)
	}
	rd, err := newRenderer(cat, a)
	if err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{"login", "dashboard", "area", "error"} {
		if rd.pages[page][i18n.Vietnamese] == nil || rd.pages[page][i18n.English] == nil {
			t.Errorf("page %s not parsed for both languages", page)
		}
	}
	keys := map[string]bool{}
	for _, langs := range rd.pages {
		for _, tmpl := range langs[i18n.Default].Templates() {
			if tmpl.Tree != nil {
				collectKeys(tmpl.Tree.Root, keys)
			}
		}
	}
	if len(keys) < 20 {
		t.Fatalf("found only %d keys in templates; is the walk broken?", len(keys))
	}
	checkKeys(t, cat, keys, "template")
}

// collectKeys records the literal first argument of every call to t.
func collectKeys(n parse.Node, keys map[string]bool) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			collectKeys(c, keys)
		}
	case *parse.ActionNode:
		collectKeys(n.Pipe, keys)
	case *parse.IfNode:
		collectBranch(&n.BranchNode, keys)
	case *parse.RangeNode:
		collectBranch(&n.BranchNode, keys)
	case *parse.WithNode:
		collectBranch(&n.BranchNode, keys)
	case *parse.TemplateNode:
		collectKeys(n.Pipe, keys)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			collectKeys(c, keys)
		}
	case *parse.CommandNode:
		if id, ok := n.Args[0].(*parse.IdentifierNode); ok && id.Ident == "t" && len(n.Args) > 1 {
			if s, ok := n.Args[1].(*parse.StringNode); ok {
				keys[s.Text] = true
			}
		}
		for _, arg := range n.Args {
			collectKeys(arg, keys)
		}
	}
}

func collectBranch(b *parse.BranchNode, keys map[string]bool) {
	collectKeys(b.Pipe, keys)
	collectKeys(b.List, keys)
	collectKeys(b.ElseList, keys)
}

var keyLike = regexp.MustCompile(`^[a-z_]+(\.[a-z_]+)+$`)

// TestGoCodeUsesKnownKeys checks every key-shaped string literal in the
// package's Go code, and the keys the code builds from names.
func TestGoCodeUsesKnownKeys(t *testing.T) {
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && keyLike.MatchString(s) && !strings.HasSuffix(s, ".html") && !strings.HasSuffix(s, ".css") {
				keys[s] = true
			}
			return true
		})
	}
	if !keys["login.failed"] {
		t.Fatalf("the literal scan missed login.failed: %v", keys)
	}
	// Keys built at run time.
	for _, a := range defaultAreas() {
		keys[a.Key] = true
		keys["area."+strings.TrimPrefix(a.Key, "nav.")] = true
	}
	for _, r := range auth.Roles {
		keys["role."+string(r)] = true
	}
	for _, c := range []apperr.Code{apperr.Invalid, apperr.Unauthorized, apperr.Forbidden, apperr.NotFound,
		apperr.Conflict, apperr.RateLimited, apperr.TooLarge, apperr.Unavailable, apperr.Internal} {
		keys["error."+string(c)] = true
	}
	checkKeys(t, cat, keys, "Go code")
}

func checkKeys(t *testing.T, cat *i18n.Catalog, keys map[string]bool, where string) {
	t.Helper()
	for k := range keys {
		for _, lang := range cat.Languages() {
			if !cat.Has(lang, k) {
				t.Errorf("%s uses %q, missing from the %s catalogue", where, k, lang)
			}
		}
	}
}
