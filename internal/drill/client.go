package drill

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// client calls the workspace's REST API with a member's bearer token.
type client struct {
	base string // ".../api/v1"
	http *http.Client
}

// do sends body as JSON and decodes a 2xx answer into out (when not nil);
// any other answer is an error carrying the problem's detail.
func (c *client) do(ctx context.Context, token, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		var p struct {
			Title  string `json:"title"`
			Detail string `json:"detail"`
		}
		_ = json.Unmarshal(data, &p)
		return fmt.Errorf("%s %s: %s: %s %s", method, path, resp.Status, p.Title, p.Detail)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: decode the answer: %w", method, path, err)
	}
	return nil
}

// list GETs a collection whether it comes as a bare array or as an object
// holding one (e.g. {"alerts": [...]} or {"items": [...]}).
func (c *client) list(ctx context.Context, token, path string, out any) error {
	var raw json.RawMessage
	if err := c.do(ctx, token, http.MethodGet, path, nil, &raw); err != nil {
		return err
	}
	if len(raw) > 0 && raw[0] == '[' {
		return json.Unmarshal(raw, out)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return fmt.Errorf("GET %s: decode the answer: %w", path, err)
	}
	for _, v := range obj {
		if len(v) > 0 && v[0] == '[' {
			return json.Unmarshal(v, out)
		}
	}
	return fmt.Errorf("GET %s: the answer holds no list", path)
}

// paths reads the API's OpenAPI document and returns its paths.
func (c *client) paths(ctx context.Context) (map[string]bool, error) {
	var doc struct {
		Paths map[string]json.RawMessage `json:"paths"`
	}
	if err := c.do(ctx, "", http.MethodGet, "/openapi.json", nil, &doc); err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(doc.Paths))
	for p := range doc.Paths {
		out[p] = true
	}
	return out, nil
}
