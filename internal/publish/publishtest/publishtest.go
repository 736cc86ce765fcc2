// Package publishtest sets up publishing fixtures on a real store for the
// tests of the publish service, the public site and the API: a unit tree
// with an editor, two leads and an outsider, and ready-made publications.
package publishtest

import (
	"context"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/publish"
	"github.com/factdesk/factdesk/internal/store"
)

// Fixture is a province with one commune below it and another province,
// their people, and a Service over the store.
type Fixture struct {
	DB                   *store.DB
	Svc                  *publish.Service
	Province, Commune    auth.Unit
	Other                auth.Unit
	Editor, Lead, Lead2  publish.Caller // in Province
	Outsider             publish.Caller // a lead of Other
	EditorUser, LeadUser auth.User
}

// BaseURL is the public URL the fixture's Service uses.
const BaseURL = "https://facts.example.org"

// New builds the fixture on db.
func New(t testing.TB, db *store.DB) *Fixture {
	t.Helper()
	ctx := context.Background()
	f := &Fixture{DB: db, Svc: &publish.Service{Store: db, BaseURL: BaseURL, Publisher: "Sở TT&TT Hải Thành"}}
	var err error
	if f.Province, err = db.CreateUnit(ctx, "test", auth.Unit{Name: "Sở TT&TT Hải Thành", Level: "province"}); err != nil {
		t.Fatal(err)
	}
	if f.Commune, err = db.CreateUnit(ctx, "test", auth.Unit{Name: "Xã Tân Lập", Level: "commune", ParentID: f.Province.ID}); err != nil {
		t.Fatal(err)
	}
	if f.Other, err = db.CreateUnit(ctx, "test", auth.Unit{Name: "Other province", Level: "province"}); err != nil {
		t.Fatal(err)
	}
	units, err := db.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mk := func(email string, unit int64, role auth.Role) (auth.User, publish.Caller) {
		m := auth.Membership{UnitID: unit, Role: role}
		u, err := db.CreateUser(ctx, "test", auth.User{Email: email, Name: email, PasswordHash: "not-a-real-hash"}, &m)
		if err != nil {
			t.Fatal(err)
		}
		m.UserID = u.ID
		return u, publish.NewCaller(u.ID, []auth.Membership{m}, units)
	}
	f.EditorUser, f.Editor = mk("editor@example.org", f.Province.ID, auth.Editor)
	f.LeadUser, f.Lead = mk("lead@example.org", f.Province.ID, auth.Lead)
	_, f.Lead2 = mk("lead2@example.org", f.Province.ID, auth.Lead)
	_, f.Outsider = mk("outsider@example.org", f.Other.ID, auth.Lead)
	return f
}

// FactCheck is a complete fact-check draft in the province.
func (f *Fixture) FactCheck(title, claimText string) publish.Publication {
	return publish.Publication{
		Kind: publish.FactCheck, UnitID: f.Province.ID, Title: title, Language: "vi",
		Summary:       "Tóm tắt: " + claimText,
		BodyMD:        "## Kết luận\n\nThông tin **sai sự thật**.",
		ClaimReviewed: claimText, Claimant: "Một tài khoản mạng xã hội",
		ClaimDate:   time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC),
		Appearances: []string{"https://social.example/p/42"},
		Rating:      claim.False, RatingText: "Sai sự thật",
		Citations: []publish.Citation{{URL: "https://moh.example.gov.vn/thong-bao/1", Title: "Bộ Y tế"}},
		Tags:      []string{"sức khỏe"},
	}
}

// Publish creates p as the editor and takes it through review, approval
// by the lead and publication.
func (f *Fixture) Publish(t testing.TB, p publish.Publication) publish.Publication {
	t.Helper()
	ctx := context.Background()
	p, err := f.Svc.Create(ctx, f.Editor, p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err = f.Svc.Submit(ctx, f.Editor, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err = f.Svc.Approve(ctx, f.Lead, p.ID); err != nil {
		t.Fatal(err)
	}
	if p, err = f.Svc.Publish(ctx, f.Lead, p.ID); err != nil {
		t.Fatal(err)
	}
	return p
}
