// Package demo seeds a fresh data folder with an organisation and an admin,
// so that a newcomer can try factdesk without any setup or internet access.
package demo

import (
	"context"
	"fmt"

	"github.com/factdesk/factdesk/internal/auth"
)

// Store is what seeding needs of the store.
type Store interface {
	Units(ctx context.Context) ([]auth.Unit, error)
	CreateUnit(ctx context.Context, actor string, u auth.Unit) (auth.Unit, error)
	CreateUser(ctx context.Context, actor string, u auth.User, m *auth.Membership) (auth.User, error)
}

// AdminEmail is the demo administrator's login.
const AdminEmail = "admin@factdesk.local"

const actor = "demo"

// unitSpec is a unit of the demo tree.
type unitSpec struct {
	name, level string
	aliases     []string
	children    []unitSpec
}

// tree is a province with two districts and a few communes; aliases come
// with and without diacritics so routing and search can be tried either way.
var tree = unitSpec{
	name: "Thành phố Đà Nẵng", level: "province", aliases: []string{"Đà Nẵng", "Da Nang", "Danang"},
	children: []unitSpec{
		{name: "Quận Hải Châu", level: "district", aliases: []string{"Hải Châu", "Hai Chau"}, children: []unitSpec{
			{name: "Phường Thạch Thang", level: "commune", aliases: []string{"Thạch Thang", "Thach Thang"}},
			{name: "Phường Hòa Cường", level: "commune", aliases: []string{"Hòa Cường", "Hoa Cuong"}},
		}},
		{name: "Huyện Hòa Vang", level: "district", aliases: []string{"Hòa Vang", "Hoa Vang"}, children: []unitSpec{
			{name: "Xã Hòa Phước", level: "commune", aliases: []string{"Hòa Phước", "Hoa Phuoc"}},
			{name: "Xã Hòa Tiến", level: "commune", aliases: []string{"Hòa Tiến", "Hoa Tien"}},
			{name: "Xã Hòa Bắc", level: "commune", aliases: []string{"Hòa Bắc", "Hoa Bac"}},
		}},
	},
}

// Result says what Seed did.
type Result struct {
	Seeded        bool   // false when the folder already had data
	AdminEmail    string // set when Seeded
	AdminPassword string // set when Seeded; shown once, never stored in clear
	Units         int
}

// Seed fills an empty store with the demo organisation and an admin user
// with a random password. A store that already has units is left alone.
func Seed(ctx context.Context, db Store) (Result, error) {
	existing, err := db.Units(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("demo: %w", err)
	}
	if len(existing) > 0 {
		return Result{}, nil
	}
	var n int
	var add func(s unitSpec, parent int64) (int64, error)
	add = func(s unitSpec, parent int64) (int64, error) {
		u, err := db.CreateUnit(ctx, actor, auth.Unit{Name: s.name, Level: s.level, Aliases: s.aliases, ParentID: parent})
		if err != nil {
			return 0, fmt.Errorf("demo: unit %s: %w", s.name, err)
		}
		n++
		for _, c := range s.children {
			if _, err := add(c, u.ID); err != nil {
				return 0, err
			}
		}
		return u.ID, nil
	}
	root, err := add(tree, 0)
	if err != nil {
		return Result{}, err
	}
	pw := auth.RandomPassword()
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return Result{}, err
	}
	if _, err := db.CreateUser(ctx, actor, auth.User{Email: AdminEmail, Name: "Quản trị viên", PasswordHash: hash},
		&auth.Membership{UnitID: root, Role: auth.Admin}); err != nil {
		return Result{}, fmt.Errorf("demo: admin: %w", err)
	}
	return Result{Seeded: true, AdminEmail: AdminEmail, AdminPassword: pw, Units: n}, nil
}
