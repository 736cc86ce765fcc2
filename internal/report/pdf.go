package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
)

// chromiumNames are the programs tried, in order, to render PDF.
var chromiumNames = []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// ErrNoChromium says that no headless browser was found for PDF.
var ErrNoChromium = apperr.Errorf(apperr.Unavailable,
	"PDF needs Chromium, which is not installed: install it (Debian/Ubuntu: sudo apt-get install -y chromium; Fedora: sudo dnf install chromium; macOS: brew install --cask chromium) or write --format html and print that file to PDF")

// FindChromium returns the path of a Chromium to render PDF with: path
// when it is set, else the first of the usual names found.
func FindChromium(path string) (string, error) {
	if path != "" {
		if p, err := exec.LookPath(path); err == nil {
			return p, nil
		}
		return "", ErrNoChromium
	}
	for _, n := range chromiumNames {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}

// WritePDF renders the HTML report of s to the PDF file out with headless
// Chromium at chromium (see FindChromium). It writes the HTML to a
// temporary folder first, and gives Chromium no network.
func WritePDF(ctx context.Context, chromium string, s *Situation, lang, out string) error {
	dir, err := os.MkdirTemp("", "factdesk-report-")
	if err != nil {
		return fmt.Errorf("PDF: temporary folder: %w", err)
	}
	defer os.RemoveAll(dir)
	htmlPath := filepath.Join(dir, "report.html")
	var buf bytes.Buffer
	if err := WriteHTML(&buf, s, lang); err != nil {
		return err
	}
	if err := os.WriteFile(htmlPath, buf.Bytes(), 0o600); err != nil {
		return fmt.Errorf("PDF: write HTML: %w", err)
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return fmt.Errorf("PDF: %w", err)
	}
	return PrintToPDF(ctx, chromium, htmlPath, abs, filepath.Join(dir, "profile"))
}

// PrintToPDF runs headless Chromium to print the local HTML file in to the
// PDF file out, with its profile in profileDir.
func PrintToPDF(ctx context.Context, chromium, in, out, profileDir string) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
		"--disable-dev-shm-usage", "--no-pdf-header-footer", "--user-data-dir="+profileDir,
		"--print-to-pdf="+out, "file://"+in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("PDF: chromium failed: %w: %s", err, lastLines(stderr.String(), 5))
	}
	st, err := os.Stat(out)
	if err != nil || st.Size() == 0 {
		return errors.New("PDF: chromium wrote no PDF: " + lastLines(stderr.String(), 5))
	}
	return nil
}

// lastLines keeps the end of a tool's chatter for an error message.
func lastLines(s string, n int) string {
	lines := bytes.Split(bytes.TrimSpace([]byte(s)), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return string(bytes.Join(lines, []byte(" / ")))
}
