package web

import (
	"strconv"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/claim/match"
	"github.com/factdesk/factdesk/internal/i18n"
)

// newClaimStoriesEnv is newStoriesEnv with a claims index behind the story
// pages.
func newClaimStoriesEnv(t *testing.T, claims ...claim.Claim) *storiesEnv {
	t.Helper()
	ix := match.New(match.Config{})
	for _, c := range claims {
		ix.Upsert(c)
	}
	e := newEnv(t, func(d *Deps) {
		db := d.Store.(*hookStore).DB
		d.Stories = &StoriesDeps{Store: db, Claims: ix}
		d.Alerts = &AlertsDeps{Store: db}
	})
	createUser(t, e.store.DB, "lan@example.vn", "Lan", "", nil)
	se := &storiesEnv{testEnv: e, c: e.client(), now: e.clock.Now(), sources: map[string]int64{}}
	e.mustLogin(se.c, "lan@example.vn")
	return se
}

func TestStoryPageShowsMatchedClaims(t *testing.T) {
	e := newClaimStoriesEnv(t,
		claim.Claim{ID: 7, Text: "Tiêm vắc xin COVID-19 gây vô sinh ở phụ nữ.", Title: "Vắc xin COVID-19 có gây vô sinh?",
			Verdict: claim.False, Lang: "vi", ReviewURL: "https://factcheck.example/vac-xin-vo-sinh", Publisher: "Kiểm chứng VN"},
		claim.Claim{ID: 8, Text: "Đà Nẵng phong tỏa toàn thành phố từ ngày 28 tháng 7.", Title: "Đà Nẵng phong tỏa?", Verdict: claim.True, Lang: "vi"},
	)
	repeats, _ := e.story(storySpec{Text: "Cảnh báo: tiêm vắc xin COVID gây vô sinh ở phụ nữ, chia sẻ ngay!", Sources: []string{"Nhóm A"}, Ago: minutes(2, 5, 20)})
	unrelated, _ := e.story(storySpec{Text: "Giá xăng giảm nhẹ từ chiều nay", Sources: []string{"Báo B"}, Ago: minutes(1, 3, 3)})

	for _, lang := range []string{"vi", "en"} {
		main := mainOf(e.get("/stories/"+strconv.FormatInt(repeats, 10), lang, 200))
		sec := elemByID(main, "claims")
		if sec == nil {
			t.Fatalf("%s: no claims section on a story that repeats a false claim", lang)
		}
		items := byAttr(sec, "li", "data-claim-id", "7")
		if len(items) != 1 || len(rowIDs(sec, "li", "data-claim-id")) != 1 {
			t.Fatalf("%s: matched claims %v, want only claim 7", lang, rowIDs(sec, "li", "data-claim-id"))
		}
		li := items[0]
		wantVerdict := map[string]string{"vi": "Sai", "en": "False"}[lang]
		if got := text(elemsByClass(li, "verdict")[0]); got != wantVerdict {
			t.Errorf("%s: verdict %q, want %q", lang, got, wantVerdict)
		}
		score := text(elemsByClass(li, "claim-score")[0])
		f, err := strconv.ParseFloat(score[strings.LastIndex(score, " ")+1:], 64)
		if err != nil || f < match.DefaultSuggestThreshold || f > 1 {
			t.Errorf("%s: score %q, want a probability at least the suggestion threshold", lang, score)
		}
		if a := byAttr(li, "a", "href", "/claims/7"); len(a) != 1 || !strings.Contains(text(a[0]), "vô sinh") {
			t.Errorf("%s: no link to the claim's page", lang)
		}
		if a := byAttr(li, "a", "href", "https://factcheck.example/vac-xin-vo-sinh"); len(a) != 1 || attr(a[0], "rel") != "noopener noreferrer" {
			t.Errorf("%s: no review link", lang)
		}
		if !strings.Contains(text(li), "Kiểm chứng VN") {
			t.Errorf("%s: publisher missing", lang)
		}
		// The reasons are worded in the page's language.
		why := byTag(first(li, "details"), "li")
		if len(why) == 0 {
			t.Fatalf("%s: no reasons", lang)
		}
		wantWhy := map[string]string{"vi": "số từ của thông tin", "en": "of the claim's words"}[lang]
		found := false
		for _, w := range why {
			found = found || strings.Contains(text(w), wantWhy)
			if attr(w, "lang") != "" {
				t.Errorf("%s: reason %q marked lang=%q, as if it were not in the page's language", lang, text(w), attr(w, "lang"))
			}
		}
		if !found {
			t.Errorf("%s: no reason says %q", lang, wantWhy)
		}
	}

	main := mainOf(e.get("/stories/"+strconv.FormatInt(unrelated, 10), "en", 200))
	sec := elemByID(main, "claims")
	if sec == nil {
		t.Fatal("no claims section on an unrelated story")
	}
	if ids := rowIDs(sec, "li", "data-claim-id"); len(ids) != 0 {
		t.Errorf("unrelated story matched claims %v", ids)
	}
	if !strings.Contains(text(sec), "does not match any checked claim") {
		t.Errorf("no 'no match' note: %q", text(sec))
	}
}

func TestStoryPageWithoutMatcherSaysNoClaim(t *testing.T) {
	e := newStoriesEnv(t)
	id, _ := e.story(storySpec{Text: "Tiêm vắc xin COVID gây vô sinh", Sources: []string{"Nhóm A"}, Ago: minutes(1, 5, 5)})
	sec := elemByID(mainOf(e.get("/stories/"+strconv.FormatInt(id, 10), "en", 200)), "claims")
	if sec == nil || len(rowIDs(sec, "li", "data-claim-id")) != 0 || !strings.Contains(text(sec), "does not match any checked claim") {
		t.Error("a story with no stored match and no matcher should say it matches no claim")
	}
}

// TestReasonKeys checks that every reason a match may give has its
// wording in every catalogue, with as many arguments.
func TestReasonKeys(t *testing.T) {
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range cat.Languages() {
		p := cat.Printer(lang)
		for _, code := range match.ReasonCodes() {
			key := "reason." + code
			if got := p.T(key); got == key {
				t.Errorf("%s: no %q", lang, key)
			}
		}
	}
	if r := localReason(cat.Printer(i18n.Vietnamese), "some older wording"); r.Text != "some older wording" || r.Lang != i18n.English {
		t.Errorf("an unknown reason became %+v, want it as it is, marked English", r)
	}
	if r := localReason(cat.Printer(i18n.Vietnamese), `quotes the claim's phrase "muối nóng"`); r.Text != "trích nguyên cụm từ “muối nóng” của thông tin" || r.Lang != "" {
		t.Errorf("a quote reason became %+v", r)
	}
}
