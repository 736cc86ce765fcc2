package apperr

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
)

func TestCodeAndMessage(t *testing.T) {
	nf := Errorf(NotFound, "unit %d not found", 7)
	wrapped := fmt.Errorf("load dashboard: %w", nf)
	if CodeOf(wrapped) != NotFound || MessageOf(wrapped) != "unit 7 not found" {
		t.Fatalf("got %q %q", CodeOf(wrapped), MessageOf(wrapped))
	}
	if HTTPStatus(CodeOf(wrapped)) != http.StatusNotFound {
		t.Fatal("status")
	}
	plain := errors.New("disk on fire")
	if CodeOf(plain) != Internal || MessageOf(plain) == plain.Error() {
		t.Fatal("internal errors must not leak their text")
	}
	if CodeOf(nil) != "" {
		t.Fatal("nil")
	}
	inv := InvalidFields(map[string]string{"email": "required", "name": "too long"})
	if got := inv.Error(); got != "invalid input: email: required; name: too long" {
		t.Fatal(got)
	}
	for code := range statusByCode {
		if HTTPStatus(code) < 400 {
			t.Fatalf("%s maps to %d", code, HTTPStatus(code))
		}
	}
}
