package publish

import (
	"bytes"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

// md renders Markdown with raw HTML off (goldmark's default: raw HTML
// becomes a comment, and javascript:, vbscript:, file: and data: link
// targets are dropped), tables and strikethrough on.
var md = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify),
	goldmark.WithRendererOptions(html.WithHardWraps()),
)

// RenderMarkdown renders a publication body to HTML that is safe to put in
// a page: the source's raw HTML is never passed through.
func RenderMarkdown(src string) template.HTML {
	var b bytes.Buffer
	if err := md.Convert([]byte(src), &b); err != nil {
		return template.HTML(template.HTMLEscapeString(src)) // Convert fails only on a broken writer
	}
	return template.HTML(b.String()) // #nosec G203 -- goldmark without WithUnsafe escapes raw HTML
}
