package publish_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/desk"
	"github.com/factdesk/factdesk/internal/publish"
	"github.com/factdesk/factdesk/internal/publish/publishtest"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

var t0 = time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC)

func TestWorkflow(t *testing.T) {
	storetest.Each(t, clock.NewFake(t0), func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := publishtest.New(t, db)
		svc := f.Svc
		var public []string
		svc.OnPublic = func(p publish.Publication) { public = append(public, string(p.Status)) }

		draft := f.FactCheck("Uống nước chanh nóng không chữa được ung thư", "Uống nước chanh nóng chữa khỏi ung thư")
		draft.Citations = nil
		p, err := svc.Create(ctx, f.Editor, draft)
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != publish.Draft || p.AuthorID != f.Editor.UserID || p.Slug != "uong-nuoc-chanh-nong-khong-chua-duoc-ung-thu" {
			t.Fatalf("created %+v", p)
		}
		// Submitting without a cited source is refused, naming the field.
		if _, err := svc.Submit(ctx, f.Editor, p.ID); !apperr.Is(err, apperr.Invalid) || !strings.Contains(err.Error(), "citations") {
			t.Fatalf("submit without citations: %v", err)
		}
		cites := []publish.Citation{{URL: "https://moh.example.gov.vn/tb/1", Title: "Bộ Y tế"}}
		if _, err := svc.Edit(ctx, f.Editor, p.ID, publish.Edit{Citations: &cites}); err != nil {
			t.Fatal(err)
		}
		// An outsider does not see it; an editor may not approve.
		if _, err := svc.Submit(ctx, f.Outsider, p.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("outsider submit: %v", err)
		}
		if _, err := svc.Submit(ctx, f.Editor, p.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Approve(ctx, f.Editor, p.ID); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("editor approve: %v", err)
		}
		if _, err := svc.Publish(ctx, f.Lead, p.ID); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("publish before approval: %v", err)
		}
		if _, err := svc.Approve(ctx, f.Lead, p.ID); err != nil {
			t.Fatal(err)
		}
		p, err = svc.Publish(ctx, f.Lead, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != publish.Published || p.Version != 1 || !p.PublishedAt.Equal(t0) || p.ClaimID == 0 {
			t.Fatalf("published %+v", p)
		}
		c, err := db.ClaimByKey(ctx, "publication:"+strconv.FormatInt(p.ID, 10))
		if err != nil {
			t.Fatal(err)
		}
		if c.ID != p.ClaimID || c.Verdict != claim.False || c.ReviewURL != publishtest.BaseURL+"/facts/"+p.Slug || c.Text != "Uống nước chanh nóng chữa khỏi ung thư" {
			t.Fatalf("library claim %+v", c)
		}
		// An update needs a change note; a changed rating changes the library.
		rating := claim.Misleading
		if _, err := svc.Update(ctx, f.Lead, p.ID, publish.Edit{Rating: &rating}, " "); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("update without note: %v", err)
		}
		if p, err = svc.Update(ctx, f.Lead, p.ID, publish.Edit{Rating: &rating}, "Thêm bối cảnh"); err != nil {
			t.Fatal(err)
		}
		if c, _ = db.Claim(ctx, p.ClaimID); p.Version != 2 || c.Verdict != claim.Misleading {
			t.Fatalf("after update: version %d, claim verdict %s", p.Version, c.Verdict)
		}
		if _, err := svc.Retract(ctx, f.Editor, p.ID, "sai nguồn"); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("editor retract: %v", err)
		}
		if p, err = svc.Retract(ctx, f.Lead, p.ID, "Nguồn trích dẫn đã bị gỡ"); err != nil {
			t.Fatal(err)
		}
		if c, _ = db.Claim(ctx, p.ClaimID); p.Status != publish.Retracted || c.Verdict.Alarming() || !strings.HasPrefix(c.RatingText, "Retracted") {
			t.Fatalf("after retraction: %+v, claim %+v", p, c)
		}
		vs, err := svc.Versions(ctx, f.Lead, p.ID)
		if err != nil || len(vs) != 2 || vs[1].ChangeNote != "Thêm bối cảnh" || vs[0].Snapshot.Rating != claim.False || vs[1].Snapshot.Rating != claim.Misleading {
			t.Fatalf("versions %+v, %v", vs, err)
		}
		if strings.Join(public, ",") != "published,published,retracted" {
			t.Fatalf("OnPublic calls %v", public)
		}
		events, err := db.AuditEvents(ctx, store.AuditFilter{ObjectType: "publication", ObjectID: strconv.FormatInt(p.ID, 10)})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range events {
			actions = append(actions, e.Action)
		}
		if got := strings.Join(actions, " "); got != "publication.create publication.edit publication.submit publication.approve publication.publish publication.update publication.retract" {
			t.Fatalf("audit: %s", got)
		}
	})
}

func TestApprovalByAnotherLead(t *testing.T) {
	storetest.Each(t, clock.NewFake(t0), func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := publishtest.New(t, db)
		p, err := f.Svc.Create(ctx, f.Lead, f.FactCheck("Tin đồn đập vỡ", "Đập thủy điện bị vỡ đêm qua"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Svc.PublishNow(ctx, f.Lead, p.ID); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("self-approval by default: %v", err)
		}
		if _, err := f.Svc.Approve(ctx, f.Lead2, p.ID); err != nil {
			t.Fatalf("another lead approves: %v", err)
		}
		if _, err := f.Svc.SendBack(ctx, f.Lead2, p.ID, "more sources"); err != nil {
			t.Fatal(err)
		}
		if err := f.Svc.SetSettings(ctx, f.Lead, f.Province.ID, publish.Settings{SelfApproval: true}); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("a lead changes settings: %v", err)
		}
		if err := db.SetPublishSettings(ctx, "test", f.Province.ID, publish.Settings{SelfApproval: true}); err != nil {
			t.Fatal(err)
		}
		if p, err = f.Svc.PublishNow(ctx, f.Lead, p.ID); err != nil || p.Status != publish.Published {
			t.Fatalf("one-call publish with self-approval on: %+v %v", p, err)
		}
	})
}

func TestPublishFromCaseMarksCase(t *testing.T) {
	storetest.Each(t, clock.NewFake(t0), func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := publishtest.New(t, db)
		cs, err := db.CreateCase(ctx, "test", desk.Case{UnitID: f.Province.ID, Title: "Đập Hòa Bình vỡ", Description: "Tin đồn lan trên mạng.",
			Verdict: "false", VerdictRationale: "EVN xác nhận đập an toàn.", Priority: desk.Normal}, store.CaseEffects{Action: "case.create"})
		if err != nil {
			t.Fatal(err)
		}
		caseID := cs.ID
		p := publish.Publication{CaseID: caseID, Kind: publish.FactCheck, Rating: claim.False,
			Citations: []publish.Citation{{URL: "https://evn.example.vn/tb"}}}
		p, err = f.Svc.Create(ctx, f.Editor, p)
		if err != nil {
			t.Fatal(err)
		}
		if p.Title != "Đập Hòa Bình vỡ" || p.ClaimReviewed != "Đập Hòa Bình vỡ" || p.BodyMD != "Tin đồn lan trên mạng." || p.UnitID != f.Province.ID {
			t.Fatalf("prefilled %+v", p)
		}
		must(t)(f.Svc.Submit(ctx, f.Editor, p.ID))
		must(t)(f.Svc.Approve(ctx, f.Lead, p.ID))
		if _, err := f.Svc.Publish(ctx, f.Lead, p.ID); err != nil {
			t.Fatal(err)
		}
		cs, err = db.Case(ctx, caseID)
		if err != nil {
			t.Fatal(err)
		}
		if cs.Status != desk.Published || !cs.PublishedAt.Equal(t0) {
			t.Fatalf("case status %s at %v", cs.Status, cs.PublishedAt)
		}
	})
}

// must fails the test on a step's error.
func must(t *testing.T) func(publish.Publication, error) {
	return func(_ publish.Publication, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestPublicListFilters(t *testing.T) {
	storetest.Each(t, clock.NewFake(t0), func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := publishtest.New(t, db)
		a := f.FactCheck("Đập thủy điện không vỡ", "Đập sắp vỡ")
		a.Tags = []string{"thiên tai", "50%_off"}
		f.Publish(t, a)
		b := f.FactCheck("Vaccine claim", "Vaccines contain chips")
		b.Language, b.Rating, b.Tags = "en", claim.Misleading, []string{"health"}
		f.Publish(t, b)
		draft, err := f.Svc.Create(ctx, f.Editor, f.FactCheck("Bản nháp", "nháp"))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name string
			f    publish.Filter
			want int
		}{
			{"public", publish.Filter{Public: true}, 2},
			{"query without diacritics", publish.Filter{Public: true, Query: "DAP thuy dien"}, 1},
			{"tag", publish.Filter{Public: true, Tag: "Thiên tai"}, 1},
			{"tag with LIKE characters", publish.Filter{Public: true, Tag: "50%_off"}, 1},
			{"tag is whole", publish.Filter{Public: true, Tag: "thiên"}, 0},
			{"language", publish.Filter{Public: true, Lang: "en"}, 1},
			{"rating", publish.Filter{Public: true, Rating: "misleading"}, 1},
			{"unit", publish.Filter{Public: true, UnitID: f.Other.ID}, 0},
			{"no units", publish.Filter{Units: []int64{}}, 0},
			{"drafts", publish.Filter{Statuses: []publish.Status{publish.Draft}}, 1},
		} {
			got, total, err := db.Publications(ctx, c.f)
			if err != nil || len(got) != c.want || total != c.want {
				t.Errorf("%s: %d items, total %d, %v; want %d", c.name, len(got), total, err, c.want)
			}
		}
		page, total, err := db.Publications(ctx, publish.Filter{Public: true, Limit: 1, Offset: 1})
		if err != nil || total != 2 || len(page) != 1 || page[0].Title != "Đập thủy điện không vỡ" {
			t.Fatalf("second page: %v %d %v", page, total, err)
		}
		if _, err := db.PublicationBySlug(ctx, draft.Slug); err != nil {
			t.Fatal(err)
		}
	})
}
