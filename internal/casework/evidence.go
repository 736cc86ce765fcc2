package casework

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/desk"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/text"
)

// uploadTypes are the file types evidence may be, by sniffed content type.
var uploadTypes = map[string]bool{
	"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true,
	"application/pdf": true, "text/plain": true, "text/csv": true, "video/mp4": true, "video/webm": true, "audio/mpeg": true,
}

// EvidenceInput is an item to add: a URL to archive, a note, or a file.
type EvidenceInput struct {
	Kind     string `json:"kind"` // url, note or file
	URL      string `json:"url"`
	Title    string `json:"title"`
	Note     string `json:"note"`
	Filename string `json:"filename"`
	Content  []byte `json:"-"`
}

// AddEvidence adds an evidence item to a case. A URL is fetched (public
// addresses only, unless the deployment allows private ones) and its text
// archived with the time and the sha256 of what was fetched; a file is kept
// if its sniffed type is allowed and it is within MaxUpload.
func (s *Service) AddEvidence(ctx context.Context, c Caller, id int64, in EvidenceInput) (desk.Evidence, error) {
	cs, err := s.Get(ctx, c, id)
	if err != nil {
		return desk.Evidence{}, err
	}
	if err := c.Scope.Authorize(auth.Investigate, cs.UnitID, fmt.Sprintf("case %d", id)); err != nil {
		return desk.Evidence{}, err
	}
	if utf8.RuneCountInString(in.Note) > MaxText || utf8.RuneCountInString(in.Title) > MaxTitle {
		return desk.Evidence{}, apperr.InvalidFields(map[string]string{"note": fmt.Sprintf("a note of at most %d characters and a title of at most %d", MaxText, MaxTitle)})
	}
	e := desk.Evidence{Kind: in.Kind, Title: strings.TrimSpace(in.Title), Note: strings.TrimSpace(in.Note), AddedBy: c.UserID}
	switch in.Kind {
	case desk.EvidenceNote:
		if e.Note == "" {
			return e, apperr.InvalidFields(map[string]string{"note": "a note needs text"})
		}
		e.SHA256 = sum(e.Note)
	case desk.EvidenceURL:
		if err := s.archive(ctx, in.URL, &e); err != nil {
			return desk.Evidence{}, err
		}
	case desk.EvidenceFile:
		if err := checkUpload(in, &e); err != nil {
			return desk.Evidence{}, err
		}
	default:
		return e, apperr.InvalidFields(map[string]string{"kind": fmt.Sprintf("%q is not an evidence kind (want url, note or file)", in.Kind)})
	}
	return s.DB.AddEvidence(ctx, c.Actor, cs, e, store.CaseEffects{Action: "case.evidence", Notify: []int64{cs.AssigneeID},
		Message: fmt.Sprintf("Case %d: new evidence", cs.ID)})
}

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// archive fetches u and keeps its text.
func (s *Service) archive(ctx context.Context, raw string, e *desk.Evidence) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return apperr.InvalidFields(map[string]string{"url": fmt.Sprintf("%q is not an http or https URL", raw)})
	}
	e.URL = u.String()
	if s.Fetch == nil {
		return apperr.Errorf(apperr.Unavailable, "fetching evidence URLs is not set up in this process")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.URL, nil)
	if err != nil {
		return apperr.InvalidFields(map[string]string{"url": err.Error()})
	}
	req.Header.Set("User-Agent", "factdesk evidence archiver")
	resp, err := s.Fetch.Do(req)
	if err != nil {
		return apperr.Wrap(err, apperr.Invalid, fmt.Sprintf("could not fetch %s to archive it: %v", e.URL, err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxFetchBody))
	if err != nil {
		return apperr.Wrap(err, apperr.Invalid, fmt.Sprintf("reading %s: %v", e.URL, err))
	}
	if resp.StatusCode >= 400 {
		return apperr.Errorf(apperr.Invalid, "fetching %s answered %s; nothing archived", e.URL, resp.Status)
	}
	h := sha256.Sum256(body)
	e.SHA256 = hex.EncodeToString(h[:])
	e.FetchedAt = s.Clock.Now().UTC()
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	archived := string(body)
	if ct == "" || strings.Contains(ct, "html") {
		if e.Title == "" {
			e.Title = htmlTitle(archived)
		}
		archived = text.HTMLToText(archived)
	} else if !strings.HasPrefix(ct, "text/") && !strings.Contains(ct, "json") && !strings.Contains(ct, "xml") {
		archived = fmt.Sprintf("(%s, %d bytes; not text, only its hash is kept)", ct, len(body))
	}
	archived = strings.ToValidUTF8(archived, "\uFFFD")
	if len(archived) > MaxArchive {
		archived = archived[:MaxArchive]
	}
	e.Content, e.ContentType, e.Size = []byte(archived), "text/plain; charset=utf-8", int64(len(body))
	if e.Title == "" {
		e.Title = e.URL
	}
	return nil
}

func htmlTitle(s string) string {
	lower := strings.ToLower(s)
	i := strings.Index(lower, "<title")
	if i < 0 {
		return ""
	}
	j := strings.Index(lower[i:], ">")
	k := strings.Index(lower[i:], "</title>")
	if j < 0 || k < j {
		return ""
	}
	t := strings.TrimSpace(text.HTMLToText(s[i+j+1 : i+k]))
	if r := []rune(t); len(r) > MaxTitle {
		t = string(r[:MaxTitle])
	}
	return t
}

func checkUpload(in EvidenceInput, e *desk.Evidence) error {
	if len(in.Content) == 0 {
		return apperr.InvalidFields(map[string]string{"file": "the file is empty"})
	}
	if len(in.Content) > MaxUpload {
		return apperr.Errorf(apperr.TooLarge, "the file is %d bytes; evidence files may be at most %d MiB", len(in.Content), MaxUpload>>20)
	}
	ct := http.DetectContentType(in.Content)
	base, _, _ := mime.ParseMediaType(ct)
	if base == "text/plain" && strings.EqualFold(filepath.Ext(in.Filename), ".csv") {
		base = "text/csv"
	}
	if !uploadTypes[base] {
		return apperr.InvalidFields(map[string]string{"file": fmt.Sprintf("files of type %s are not accepted (images, PDF, text, CSV, MP4/WebM video, MP3 audio are)", base)})
	}
	h := sha256.Sum256(in.Content)
	e.Content, e.ContentType, e.Size, e.SHA256 = in.Content, base, int64(len(in.Content)), hex.EncodeToString(h[:])
	e.Filename = filepath.Base(strings.ReplaceAll(in.Filename, "\\", "/"))
	if e.Filename == "." || e.Filename == "/" {
		e.Filename = ""
	}
	if e.Title == "" {
		e.Title = e.Filename
	}
	return nil
}
