package app

import (
	"fmt"
	"net/http"

	"github.com/factdesk/factdesk/internal/server"
	"github.com/factdesk/factdesk/internal/web"
)

// mounts returns the HTTP surfaces beside the operations endpoints.
func (a *App) mounts() (map[string]http.Handler, error) {
	ui, err := web.New(web.Deps{
		Store:     a.DB,
		Sessions:  a.DB.Sessions(),
		Clock:     a.Clock,
		Logger:    a.Logger,
		BaseURL:   a.Config.BaseURL,
		RequestID: server.RequestID,
	})
	if err != nil {
		return nil, fmt.Errorf("web UI: %w", err)
	}
	return map[string]http.Handler{"/": ui}, nil
}
