package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/factdesk/factdesk/internal/apperr"
)

// writeJSON answers v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	hd := w.Header()
	hd.Set("Content-Type", "application/json")
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v) // the status is sent; a broken connection cannot be answered
}

// readBody reads the whole body, refusing one over limit with TooLarge.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	tooLarge := func(err error) error {
		return apperr.Wrap(err, apperr.TooLarge, fmt.Sprintf("The request body is larger than the limit of %d bytes.", limit))
	}
	if r.ContentLength > limit {
		return nil, tooLarge(nil)
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, tooLarge(err)
	}
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Invalid, "Could not read the request body.")
	}
	return b, nil
}

// decodeJSON reads a JSON object body into dst, refusing keys that are not
// in allowed (a typo should not be silently ignored) and values of the
// wrong type, each named by field.
func decodeJSON(w http.ResponseWriter, r *http.Request, allowed []string, dst any) error {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return apperr.Errorf(apperr.Invalid, "The request body is empty; send a JSON object.")
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil {
		return jsonError(err)
	}
	fields := map[string]string{}
	for k := range obj {
		if !slices.Contains(allowed, k) {
			fields[k] = "unknown field; known fields: " + strings.Join(sorted(allowed), ", ")
		}
	}
	if len(fields) > 0 {
		return apperr.InvalidFields(fields)
	}
	if err := json.Unmarshal(body, dst); err != nil {
		return jsonError(err)
	}
	return nil
}

// jsonError turns a decoding error into an Invalid error that says where.
func jsonError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return apperr.Wrap(err, apperr.Invalid, fmt.Sprintf("The body is not valid JSON (at byte %d).", se.Offset))
	case errors.As(err, &te) && te.Field != "":
		return apperr.InvalidFields(map[string]string{te.Field: "want a " + jsonType(te.Type.Kind().String())})
	case errors.As(err, &te):
		return apperr.Wrap(err, apperr.Invalid, "The body must be a JSON object.")
	}
	return apperr.Wrap(err, apperr.Invalid, "The body is not valid JSON.")
}

func jsonType(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"), strings.HasPrefix(kind, "float"):
		return "number"
	case kind == "map", kind == "struct":
		return "JSON object"
	case kind == "slice":
		return "JSON array"
	}
	return kind
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	sort.Strings(out)
	return out
}
