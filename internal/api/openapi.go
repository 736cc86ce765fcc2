package api

import (
	_ "embed"
	"net/http"
)

// openAPIDoc is the OpenAPI 3.1 description of every route in table.
//
//go:embed openapi.json
var openAPIDoc []byte

// openAPI handles GET /api/v1/openapi.json, without a token.
func (h *handler) openAPI(w http.ResponseWriter, r *http.Request, _ *caller) {
	hd := w.Header()
	hd.Set("Content-Type", "application/json")
	hd.Set("Cache-Control", "public, max-age=300")
	hd.Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(openAPIDoc)
}
