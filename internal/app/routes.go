package app

import (
	"net/http"
)

// mounts returns the HTTP surfaces beside the operations endpoints.
func (a *App) mounts() (map[string]http.Handler, error) {
	return map[string]http.Handler{}, nil
}
