package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed static
var staticFS embed.FS

const staticPrefix = "/static/"

// assets serves the embedded static files under content-hashed URLs
// (/static/app.3f2a9c1b0d4e5f67.css), so they can be cached for a year.
type assets struct {
	byName map[string]string // "app.css" -> "/static/app.<hash>.css"
	byURL  map[string]asset  // "/static/app.<hash>.css" -> file
}

type asset struct {
	name string
	body []byte
	etag string
}

// newAssets reads and hashes every file under static/.
func newAssets() (*assets, error) {
	a := &assets{byName: map[string]string{}, byURL: map[string]asset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:8])
		name := strings.TrimPrefix(p, "static/")
		a.byName[name] = staticPrefix + hashedName(name, hash)
		a.byURL[a.byName[name]] = asset{name: name, body: body, etag: `"` + hash + `"`}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load assets: %w", err)
	}
	return a, nil
}

// hashedName puts hash before the last extension: vendor/htmx.min.js ->
// vendor/htmx.min.<hash>.js.
func hashedName(name, hash string) string {
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + hash + ext
}

// URL returns the hashed URL of a static file, for the template func asset.
func (a *assets) URL(name string) (string, error) {
	u, ok := a.byName[name]
	if !ok {
		return "", fmt.Errorf("unknown asset %q", name)
	}
	return u, nil
}

// serveAsset serves a hashed URL with long cache headers; any other path
// under /static/, including an old or wrong hash, is not found.
func (h *Handler) serveAsset(w http.ResponseWriter, r *http.Request) {
	f, ok := h.assets.byURL[r.URL.Path]
	if !ok || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		h.notFound(w, r)
		return
	}
	hd := w.Header()
	if ct := mime.TypeByExtension(path.Ext(f.name)); ct != "" {
		hd.Set("Content-Type", ct)
	}
	hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	hd.Set("ETag", f.etag)
	hd.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, f.name, time.Time{}, bytes.NewReader(f.body))
}
