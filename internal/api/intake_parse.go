package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/importer"
)

// ndjsonTypes are the media types read as one record per line.
var ndjsonTypes = map[string]bool{
	"application/x-ndjson": true, "application/ndjson": true,
	"application/jsonl": true, "application/x-jsonlines": true, "application/jsonlines": true,
}

// sniffTypes are the media types whose body is sniffed: '[' starts a JSON
// array, anything else is NDJSON.
var sniffTypes = map[string]bool{"": true, "text/plain": true, "application/octet-stream": true}

// parseRecords reads a pushed body into records, each a post or the reason
// it was refused. A JSON array that is not well-formed is refused whole
// (Invalid), since its records cannot be told apart; in NDJSON each line
// stands alone.
func parseRecords(contentType string, body []byte) ([]importer.Record, error) {
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, apperr.Errorf(apperr.Invalid, "The body holds no records: send a JSON array of records, or one record per line as application/x-ndjson.")
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = ""
	}
	switch {
	case ndjsonTypes[mt]:
		return parseNDJSON(body)
	case mt == "application/json":
		if trimmed[0] != '[' {
			return nil, apperr.Errorf(apperr.Invalid, "An application/json body must be a JSON array of records; send one record per line as application/x-ndjson.")
		}
		return parseArray(trimmed)
	case sniffTypes[mt]:
		if trimmed[0] == '[' {
			return parseArray(trimmed)
		}
		return parseNDJSON(body)
	}
	return nil, apperr.Errorf(apperr.Invalid, "Unsupported Content-Type %q: send application/json (an array of records) or application/x-ndjson.", mt)
}

func parseNDJSON(body []byte) ([]importer.Record, error) {
	var recs []importer.Record
	err := importer.Read(bytes.NewReader(body), importer.Options{Format: "jsonl"}, func(rec importer.Record) error {
		recs = append(recs, rec)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read NDJSON body: %w", err)
	}
	return recs, nil
}

// parseArray reads a JSON array element by element; an element that is
// valid JSON but not a good record is rejected on its own.
func parseArray(body []byte) ([]importer.Record, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if _, err := dec.Token(); err != nil { // the opening '['
		return nil, arrayError(err, 0)
	}
	recs := []importer.Record{}
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, arrayError(err, len(recs))
		}
		recs = append(recs, importer.ParseRecord(raw, importer.Options{}))
	}
	if _, err := dec.Token(); err != nil { // the closing ']'
		return nil, arrayError(err, len(recs))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, apperr.Errorf(apperr.Invalid, "The body has data after the JSON array (at byte %d).", dec.InputOffset())
	}
	return recs, nil
}

func arrayError(err error, index int) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return apperr.Wrap(err, apperr.Invalid, fmt.Sprintf("The body is not a well-formed JSON array: %v at byte %d (in record %d); nothing was stored.", se, se.Offset, index))
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return apperr.Wrap(err, apperr.Invalid, fmt.Sprintf("The JSON array ends early (in record %d); nothing was stored.", index))
	}
	return apperr.Wrap(err, apperr.Invalid, fmt.Sprintf("The body is not a well-formed JSON array (in record %d); nothing was stored.", index))
}
