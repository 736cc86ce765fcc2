package web

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/casework"
	"github.com/factdesk/factdesk/internal/desk"
)

// uploadSlack is room in a multipart body for the fields beside the file.
const uploadSlack = 64 << 10

// addEvidence handles POST /cases/{id}/evidence: a URL to archive or a
// note (urlencoded), or a file (multipart, at most casework.MaxUpload).
func (ui *casesUI) addEvidence(w http.ResponseWriter, r *http.Request, c casework.Caller) {
	id, err := pathID(r, "case")
	var in casework.EvidenceInput
	if err == nil {
		in, err = readEvidence(w, r)
	}
	if err == nil {
		_, err = ui.desk.AddEvidence(r.Context(), c, id, in)
	}
	if err != nil {
		ui.h.refuse(w, r, fmt.Sprintf("/cases/%d", id), err)
		return
	}
	redirectMsg(w, r, fmt.Sprintf("/cases/%d", id), "evidence")
}

// readEvidence reads the evidence form: kind url (url, title, note), note
// (note) or file (file, title, note).
func readEvidence(w http.ResponseWriter, r *http.Request) (casework.EvidenceInput, error) {
	r.Body = http.MaxBytesReader(w, r.Body, casework.MaxUpload+uploadSlack)
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		err = r.ParseMultipartForm(casework.MaxUpload + uploadSlack)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
			return casework.EvidenceInput{}, apperr.Errorf(apperr.TooLarge, "evidence files may be at most %d MiB", casework.MaxUpload>>20)
		}
		return casework.EvidenceInput{}, apperr.Wrap(err, apperr.Invalid, "could not read the evidence form")
	}
	in := casework.EvidenceInput{Kind: r.FormValue("kind"), URL: strings.TrimSpace(r.FormValue("url")),
		Title: r.FormValue("title"), Note: r.FormValue("note")}
	if in.Kind != desk.EvidenceFile {
		return in, nil
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return in, apperr.InvalidFields(map[string]string{"file": "choose a file to upload"})
	}
	defer f.Close()
	if in.Content, err = io.ReadAll(io.LimitReader(f, casework.MaxUpload+1)); err != nil {
		return in, apperr.Wrap(err, apperr.Invalid, "could not read the file")
	}
	in.Filename = hdr.Filename
	return in, nil
}

// evidenceFile handles GET /cases/{id}/evidence/{eid}: the uploaded file or
// the archived text of a URL, as an attachment, if the caller may see the
// case.
func (ui *casesUI) evidenceFile(w http.ResponseWriter, r *http.Request, c casework.Caller) {
	id, err := pathID(r, "case")
	eid, perr := strconv.ParseInt(r.PathValue("eid"), 10, 64)
	if err == nil && (perr != nil || eid <= 0) {
		err = apperr.Errorf(apperr.NotFound, "no such evidence")
	}
	var e desk.Evidence
	if err == nil {
		e, err = ui.desk.EvidenceItem(r.Context(), c, id, eid)
	}
	if err == nil && len(e.Content) == 0 {
		err = apperr.Errorf(apperr.NotFound, "evidence %d has no stored content", eid)
	}
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	name := e.Filename
	if name == "" {
		name = fmt.Sprintf("evidence-%d.txt", e.ID)
	}
	ct := e.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	hd := w.Header()
	hd.Set("Content-Type", ct)
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": strings.ReplaceAll(name, "\"", "")}))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", "sandbox")
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("X-Evidence-Sha256", e.SHA256)
	_, _ = w.Write(e.Content)
}
