package api

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
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
	actRead   action = iota // read a record of a unit
	actPush                 // push posts to intake
	actManage               // add, change, test or remove a source
)

// scope is the caller's scope over the unit tree.
func (h *handler) scope(ctx context.Context, c *caller) (auth.Scope, error) {
	units, err := h.store.Units(ctx)
	if err != nil {
		return auth.Scope{}, fmt.Errorf("authorize: %w", err)
	}
	return auth.NewScope(c.user.ID, c.memberships, units), nil
}

// authorize decides a source or intake call through auth.Scope, the one
// permission rule: a record outside the caller's scope does not exist
// (NotFound), an action above the caller's role there is Forbidden. A
// source no unit owns (unitID 0) is organisation-wide: every token holder
// reads it and any admin manages it. Pushing posts needs the analyst role
// in some unit.
func (h *handler) authorize(ctx context.Context, c *caller, act action, unitID int64) error {
	sc, err := h.scope(ctx, c)
	if err != nil {
		return err
	}
	switch act {
	case actRead:
		if unitID == 0 {
			return nil
		}
		return sc.Authorize(auth.Read, unitID, "such source")
	case actPush:
		if sc.Any(auth.Push) {
			return nil
		}
		return apperr.Errorf(apperr.Forbidden, "Pushing posts needs the analyst role or above in a unit.")
	case actManage:
		if unitID == 0 {
			if sc.Any(auth.ManageSources) {
				return nil
			}
			return apperr.Errorf(apperr.Forbidden, "Managing sources needs the admin role.")
		}
		return sc.Authorize(auth.ManageSources, unitID, fmt.Sprintf("unit %d", unitID))
	}
	return apperr.Errorf(apperr.Forbidden, "not allowed")
}
