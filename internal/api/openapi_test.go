package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/sourceadmin"
)

// TestOpenAPIDescribesEveryRoute checks the document against the route
// table both ways, and that every $ref resolves.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	e := newEnv(t)
	resp, body := e.call(http.MethodGet, "/api/v1/openapi.json", "", "", "")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("GET openapi.json without a token: %d", resp.StatusCode)
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Servers []struct{ URL string }                `json:"servers"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	decode(t, body, &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.1") || len(doc.Servers) != 1 || doc.Servers[0].URL != Prefix {
		t.Fatalf("openapi %q, servers %+v", doc.OpenAPI, doc.Servers)
	}
	routes := (&handler{}).table()
	registered := map[string]bool{}
	for _, rt := range routes {
		key := strings.ToLower(rt.method) + " " + rt.path
		registered[key] = true
		op, ok := doc.Paths[rt.path][strings.ToLower(rt.method)]
		if !ok {
			t.Errorf("route %s %s is not in the OpenAPI document", rt.method, rt.path)
			continue
		}
		var o struct {
			OperationID string                     `json:"operationId"`
			Responses   map[string]json.RawMessage `json:"responses"`
			Security    *[]any                     `json:"security"`
		}
		if err := json.Unmarshal(op, &o); err != nil {
			t.Fatal(err)
		}
		if o.OperationID == "" || len(o.Responses) == 0 {
			t.Errorf("%s %s: no operationId or responses", rt.method, rt.path)
		}
		if public := o.Security != nil && len(*o.Security) == 0; public != rt.public {
			t.Errorf("%s %s: document says public=%v, route says %v", rt.method, rt.path, public, rt.public)
		}
		if !rt.public && o.Responses["401"] == nil {
			t.Errorf("%s %s: no 401 response documented", rt.method, rt.path)
		}
	}
	for path, item := range doc.Paths {
		for method := range item {
			if method == "parameters" {
				continue
			}
			if !registered[method+" "+path] {
				t.Errorf("the document describes %s %s, which is not a route", strings.ToUpper(method), path)
			}
		}
	}

	// Every $ref points at something that exists.
	var whole map[string]any
	decode(t, body, &whole)
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				if !resolves(whole, ref) {
					t.Errorf("$ref %s does not resolve", ref)
				}
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(whole)

	// The kinds a source may be created with are the validator's.
	kinds := whole["components"].(map[string]any)["schemas"].(map[string]any)["SourceCreate"].(map[string]any)["properties"].(map[string]any)["kind"].(map[string]any)["enum"].([]any)
	var got []string
	for _, k := range kinds {
		got = append(got, k.(string))
	}
	if want := sourceadmin.Kinds(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("SourceCreate kinds %v, want %v", got, want)
	}
}

func resolves(doc map[string]any, ref string) bool {
	var cur any = doc
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return false
		}
		if cur, ok = m[part]; !ok {
			return false
		}
	}
	return true
}
