// Package auth holds the people side of factdesk: units (the organisation
// tree), users, memberships with their roles, API tokens, passwords, and the
// limits on login attempts.
package auth

import (
	"fmt"
	"strings"
	"time"
)

// Role is what a membership lets a user do in a unit and every unit below it.
type Role string

// Roles, from least to most powerful.
const (
	Viewer  Role = "viewer"  // reads
	Analyst Role = "analyst" // triages and comments
	Editor  Role = "editor"  // gathers evidence, decides verdicts, drafts
	Lead    Role = "lead"    // assigns, approves, closes, manages members below
	Admin   Role = "admin"   // everything, including sources and settings
)

// Roles lists every role in ascending order of power.
var Roles = []Role{Viewer, Analyst, Editor, Lead, Admin}

// Rank orders roles; an unknown role ranks below Viewer.
func (r Role) Rank() int {
	for i, x := range Roles {
		if x == r {
			return i + 1
		}
	}
	return 0
}

// AtLeast reports whether r is as powerful as min.
func (r Role) AtLeast(min Role) bool { return r.Rank() >= min.Rank() && r.Rank() > 0 }

// ParseRole validates a role name.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if r.Rank() == 0 {
		return "", fmt.Errorf("unknown role %q (want one of viewer, analyst, editor, lead, admin)", s)
	}
	return r, nil
}

// Unit is one node of the organisation tree: a province, a commune, a
// ministry department, a newsroom desk.
type Unit struct {
	ID        int64     `json:"id"`
	ParentID  int64     `json:"parent_id,omitempty"` // 0 for a root unit
	Name      string    `json:"name"`
	Level     string    `json:"level,omitempty"`   // a label such as "province", "commune", "desk"
	Aliases   []string  `json:"aliases,omitempty"` // place names the unit is known by, with and without diacritics
	CreatedAt time.Time `json:"created_at"`
}

// User is a person who signs in.
type User struct {
	ID           int64     `json:"id"`
	Email        string    `json:"email"`
	Name         string    `json:"name"`
	PasswordHash string    `json:"-"`
	Locale       string    `json:"locale,omitempty"` // "vi", "en" or "" (follow the browser)
	Disabled     bool      `json:"disabled,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}

// Membership gives a user a role in a unit and every unit below it.
type Membership struct {
	UserID int64 `json:"user_id"`
	UnitID int64 `json:"unit_id"`
	Role   Role  `json:"role"`
}

// Token is an API token's record. The secret itself is shown once at
// creation and stored only as a hash.
type Token struct {
	ID         int64     `json:"id"`
	UserID     int64     `json:"user_id"`
	Name       string    `json:"name"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at,omitzero"`
	ExpiresAt  time.Time `json:"expires_at,omitzero"`
}

// NormalizeEmail lower-cases and trims an e-mail address.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidateEmail checks the shape of an e-mail address.
func ValidateEmail(s string) error {
	at := strings.LastIndexByte(s, '@')
	if at < 1 || at == len(s)-1 || strings.ContainsAny(s, " \t\r\n<>") || len(s) > 254 {
		return fmt.Errorf("%q is not an e-mail address", s)
	}
	return nil
}
