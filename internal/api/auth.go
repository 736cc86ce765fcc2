package api

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/sourceadmin"
)

// caller is the authenticated user of a request, with the token used and
// the user's memberships.
type caller struct {
	user        auth.User
	token       auth.Token
	memberships []auth.Membership
}

// actor names the caller in the audit log.
func (c *caller) actor() string { return "user:" + strconv.FormatInt(c.user.ID, 10) }

// authenticated resolves the bearer token before fn; a missing or bad token
// is a 401 problem with a WWW-Authenticate challenge.
func (h *handler) authenticated(fn func(w http.ResponseWriter, r *http.Request, c *caller)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		secret, ok := bearer(r.Header.Get("Authorization"))
		if !ok {
			h.fail(w, r, apperr.Errorf(apperr.Unauthorized, "This call needs an API token: send the header Authorization: Bearer %s...", auth.TokenPrefix))
			return
		}
		var c caller
		var err error
		if !strings.HasPrefix(secret, auth.TokenPrefix) {
			err = apperr.Errorf(apperr.Unauthorized, "invalid API token")
		} else {
			c.user, c.token, err = h.store.UserByToken(r.Context(), secret)
		}
		if err != nil {
			if apperr.Is(err, apperr.Unauthorized) {
				w.Header().Set("WWW-Authenticate", `Bearer realm="factdesk", error="invalid_token"`)
			}
			h.fail(w, r, err)
			return
		}
		if c.memberships, err = h.store.Memberships(r.Context(), c.user.ID); err != nil {
			h.fail(w, r, fmt.Errorf("memberships of user %d: %w", c.user.ID, err))
			return
		}
		fn(w, r, &c)
	}
}

// bearer extracts the token of an "Authorization: Bearer TOKEN" header.
func bearer(header string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// action is what a caller wants to do, for authorize.
type action int

const (
	actRead   action = iota // read anything the API shows
	actPush                 // push posts to intake
	actManage               // add, change, test or remove a source
)

// authorize is the API's one permission rule. Every token holder may read.
// Pushing posts needs the analyst role or above in some unit. Managing a
// source needs the admin role in the source's unit or a unit above it; a
// source with no unit (unitID 0) may be managed by any admin. It returns
// Forbidden otherwise.
func (h *handler) authorize(ctx context.Context, c *caller, act action, unitID int64) error {
	switch act {
	case actRead:
		return nil
	case actPush:
		if sourceadmin.HasRole(c.memberships, auth.Analyst) {
			return nil
		}
		return apperr.Errorf(apperr.Forbidden, "Pushing posts needs the analyst role or above in a unit.")
	case actManage:
		if !sourceadmin.HasRole(c.memberships, auth.Admin) {
			return apperr.Errorf(apperr.Forbidden, "Managing sources needs the admin role.")
		}
		units, err := h.store.Units(ctx)
		if err != nil {
			return fmt.Errorf("authorize: %w", err)
		}
		if sourceadmin.MayManage(c.memberships, sourceadmin.Parents(units), unitID) {
			return nil
		}
		return apperr.Errorf(apperr.Forbidden, "Managing this source needs the admin role in unit %d or a unit above it.", unitID)
	}
	return apperr.Errorf(apperr.Forbidden, "not allowed")
}
