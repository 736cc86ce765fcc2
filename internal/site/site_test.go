package site_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/publish"
	"github.com/factdesk/factdesk/internal/publish/inert"
	"github.com/factdesk/factdesk/internal/publish/publishtest"
	"github.com/factdesk/factdesk/internal/site"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

var t0 = time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC)

type env struct {
	*publishtest.Fixture
	h   *site.Handler
	clk *clock.Fake
}

func newEnv(t *testing.T) *env {
	t.Helper()
	clk := clock.NewFake(t0)
	db := storetest.OpenSQLite(t, clk)
	f := publishtest.New(t, db)
	h, err := site.New(site.Deps{Store: db, Clock: clk, BaseURL: publishtest.BaseURL})
	if err != nil {
		t.Fatal(err)
	}
	f.Svc.OnPublic = h.Invalidate
	return &env{Fixture: f, h: h, clk: clk}
}

func (e *env) get(t *testing.T, path string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return w
}

var ldRE = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

func TestClaimReviewJSONLD(t *testing.T) {
	e := newEnv(t)
	p := e.Publish(t, e.FactCheck("Nước chanh nóng không chữa được ung thư", "Uống nước chanh nóng chữa khỏi ung thư"))
	w := e.get(t, "/facts/"+p.Slug)
	if w.Code != http.StatusOK {
		t.Fatalf("GET page: %d %s", w.Code, w.Body)
	}
	m := ldRE.FindStringSubmatch(w.Body.String())
	if m == nil {
		t.Fatalf("no JSON-LD in %s", w.Body)
	}
	var ld map[string]any
	if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[1])
	}
	url := publishtest.BaseURL + "/facts/" + p.Slug
	want := map[string]any{
		"@context":                           "https://schema.org",
		"@type":                              "ClaimReview",
		"url":                                url,
		"claimReviewed":                      "Uống nước chanh nóng chữa khỏi ung thư",
		"datePublished":                      "2026-11-28",
		"headline":                           p.Title,
		"inLanguage":                         "vi",
		"author.@type":                       "Organization",
		"author.name":                        "Sở TT&TT Hải Thành",
		"publisher.@type":                    "Organization",
		"publisher.name":                     "Sở TT&TT Hải Thành",
		"reviewRating.@type":                 "Rating",
		"reviewRating.ratingValue":           float64(1),
		"reviewRating.bestRating":            float64(5),
		"reviewRating.worstRating":           float64(1),
		"reviewRating.alternateName":         "Sai sự thật",
		"itemReviewed.@type":                 "Claim",
		"itemReviewed.author.@type":          "Organization",
		"itemReviewed.author.name":           "Một tài khoản mạng xã hội",
		"itemReviewed.datePublished":         "2026-11-20",
		"itemReviewed.appearance.0.@type":    "CreativeWork",
		"itemReviewed.appearance.0.url":      "https://social.example/p/42",
		"itemReviewed.firstAppearance.@type": "CreativeWork",
		"itemReviewed.firstAppearance.url":   "https://social.example/p/42",
	}
	for path, v := range want {
		if got := dig(ld, path); got != v {
			t.Errorf("JSON-LD %s = %#v, want %#v", path, got, v)
		}
	}
	// Open Graph meta for sharing.
	for _, s := range []string{`<meta property="og:type" content="article">`, `<meta property="og:url" content="` + url + `">`, `<meta property="og:locale" content="vi_VN">`} {
		if !strings.Contains(w.Body.String(), s) {
			t.Errorf("page lacks %s", s)
		}
	}
}

// dig follows a dotted path through decoded JSON ("a.0.b").
func dig(v any, path string) any {
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			if k != "0" || len(x) == 0 {
				return nil
			}
			v = x[0]
		default:
			return nil
		}
	}
	return v
}

func TestFeedsAPIAndListAgree(t *testing.T) {
	e := newEnv(t)
	titles := []string{"Đập thủy điện không bị vỡ", "Không có lệnh phong tỏa", "Vaccine does not contain microchips"}
	for i, ti := range titles {
		p := e.FactCheck(ti, "claim "+ti)
		if i == 2 {
			p.Language = "en"
		}
		e.Publish(t, p)
		e.clk.Advance(time.Hour)
	}
	notice := e.FactCheck("Lịch cắt điện tuần này", "")
	notice.Kind = publish.Notice
	e.Publish(t, notice)
	for _, path := range []string{"/facts.rss", "/facts.atom"} {
		w := e.get(t, path)
		feed, err := gofeed.NewParser().ParseString(w.Body.String())
		if err != nil {
			t.Fatalf("%s does not parse: %v\n%s", path, err, w.Body)
		}
		if len(feed.Items) != 3 || feed.Items[0].Title != titles[2] || feed.Items[2].Title != titles[0] {
			t.Fatalf("%s items: %+v", path, feed.Items)
		}
		if feed.Items[0].Link != publishtest.BaseURL+"/facts/vaccine-does-not-contain-microchips" {
			t.Errorf("%s link %q", path, feed.Items[0].Link)
		}
	}
	w := e.get(t, "/notices.atom")
	if feed, err := gofeed.NewParser().ParseString(w.Body.String()); err != nil || len(feed.Items) != 1 || feed.Items[0].Title != "Lịch cắt điện tuần này" {
		t.Fatalf("notices feed: %v %+v", err, feed)
	}
	var list struct {
		Items []struct{ Title, URL, Rating string }
		Total int
		Next  string
	}
	w = e.get(t, "/api/public/v1/facts?limit=2")
	if err := json.Unmarshal(w.Body.Bytes(), &list); err != nil || list.Total != 3 || len(list.Items) != 2 || list.Items[0].Title != titles[2] || list.Items[0].Rating != "false" {
		t.Fatalf("API list: %v %s", err, w.Body)
	}
	if !strings.Contains(list.Next, "offset=2") {
		t.Fatalf("next page %q", list.Next)
	}
	if w.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Error("API list without CORS")
	}
	page := e.get(t, "/facts?language=vi").Body.String()
	if !strings.Contains(page, titles[0]) || !strings.Contains(page, titles[1]) || strings.Contains(page, titles[2]) {
		t.Fatalf("language filter: %s", page)
	}
	if page := e.get(t, "/facts?q=phong+toa").Body.String(); !strings.Contains(page, titles[1]) || strings.Contains(page, titles[0]) {
		t.Fatalf("search without diacritics: %s", page)
	}
	sm := e.get(t, "/sitemap.xml").Body.String()
	if strings.Count(sm, "<loc>") != 6 || !strings.Contains(sm, "/notices/lich-cat-dien-tuan-nay") {
		t.Fatalf("sitemap: %s", sm)
	}
}

func TestConditionalGetAndCORS(t *testing.T) {
	e := newEnv(t)
	p := e.Publish(t, e.FactCheck("Tin giả về bão", "Bão cấp 17 sẽ đổ bộ đêm nay"))
	for _, path := range []string{"/api/public/v1/facts", "/api/public/v1/facts/" + p.Slug, "/facts/" + p.Slug, "/facts.rss"} {
		w := e.get(t, path)
		etag, lm := w.Header().Get("ETag"), w.Header().Get("Last-Modified")
		if w.Code != 200 || etag == "" || lm == "" {
			t.Fatalf("%s: %d etag %q last-modified %q", path, w.Code, etag, lm)
		}
		if w2 := e.get(t, path, "If-None-Match", etag); w2.Code != http.StatusNotModified || w2.Body.Len() != 0 {
			t.Errorf("%s If-None-Match: %d", path, w2.Code)
		}
		if w2 := e.get(t, path, "If-Modified-Since", lm); w2.Code != http.StatusNotModified {
			t.Errorf("%s If-Modified-Since: %d", path, w2.Code)
		}
		if w2 := e.get(t, path, "If-None-Match", `"other"`); w2.Code != http.StatusOK {
			t.Errorf("%s other ETag: %d", path, w2.Code)
		}
	}
	r := httptest.NewRequest(http.MethodOptions, "/api/public/v1/facts", nil)
	r.Header.Set("Origin", "https://news.example")
	r.Header.Set("Access-Control-Request-Method", "GET")
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	if w.Code != http.StatusNoContent || w.Header().Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(w.Header().Get("Access-Control-Allow-Methods"), "GET") {
		t.Fatalf("preflight: %d %v", w.Code, w.Header())
	}
	if w := e.get(t, "/api/public/v1/facts/nope"); w.Code != 404 || !strings.Contains(w.Header().Get("Content-Type"), "problem+json") {
		t.Fatalf("missing item: %d %s", w.Code, w.Header())
	}
	if w := e.get(t, "/api/public/v1/facts?limit=1000"); w.Code != 400 {
		t.Fatalf("bad limit: %d", w.Code)
	}
}

func TestCacheInvalidatedOnPublish(t *testing.T) {
	e := newEnv(t)
	e.Publish(t, e.FactCheck("Bài thứ nhất", "một"))
	if body := e.get(t, "/facts").Body.String(); strings.Contains(body, "Bài thứ hai") {
		t.Fatal("unexpected")
	}
	e.Publish(t, e.FactCheck("Bài thứ hai", "hai"))
	if body := e.get(t, "/facts").Body.String(); !strings.Contains(body, "Bài thứ hai") {
		t.Fatalf("cached list not invalidated on publish: %s", body)
	}
	// A change made by another process shows within the check interval.
	other := &publish.Service{Store: e.DB, BaseURL: publishtest.BaseURL}
	p, err := other.Create(context.Background(), e.Editor, e.FactCheck("Bài từ tiến trình khác", "ba"))
	if err != nil {
		t.Fatal(err)
	}
	other.Submit(context.Background(), e.Editor, p.ID)
	other.Approve(context.Background(), e.Lead, p.ID)
	if _, err := other.Publish(context.Background(), e.Lead, p.ID); err != nil {
		t.Fatal(err)
	}
	e.clk.Advance(10 * time.Second)
	if body := e.get(t, "/facts").Body.String(); !strings.Contains(body, "Bài từ tiến trình khác") {
		t.Fatal("a publication made elsewhere did not show after the check interval")
	}
}

func TestVersionsAndRetractionVisible(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	p := e.Publish(t, e.FactCheck("Clip cũ bị cắt ghép", "Clip lũ quét mới quay hôm qua"))
	rating := claim.Misleading
	if _, err := e.Svc.Update(ctx, e.Lead, p.ID, publish.Edit{Rating: &rating}, "Bổ sung nguồn gốc clip năm 2020"); err != nil {
		t.Fatal(err)
	}
	page := e.get(t, "/facts/"+p.Slug+"?lang=en").Body.String()
	for _, s := range []string{"Bổ sung nguồn gốc clip năm 2020", "version 2", "first published", "Misleading"} {
		if !strings.Contains(page, s) {
			t.Errorf("updated page lacks %q", s)
		}
	}
	if _, err := e.Svc.Retract(ctx, e.Lead, p.ID, "Nguồn chính đã rút lại xác nhận"); err != nil {
		t.Fatal(err)
	}
	w := e.get(t, "/facts/"+p.Slug+"?lang=vi")
	page = w.Body.String()
	if w.Code != 200 || !strings.Contains(page, "Bài này đã bị thu hồi") || !strings.Contains(page, "Nguồn chính đã rút lại xác nhận") {
		t.Fatalf("retracted page: %d %s", w.Code, page)
	}
	if ldRE.MatchString(page) {
		t.Error("a retracted fact-check still carries ClaimReview markup")
	}
	if list := e.get(t, "/facts").Body.String(); !strings.Contains(list, "Đã thu hồi") {
		t.Error("list does not mark the retraction")
	}
	var item struct {
		Status        string `json:"status"`
		RetractReason string `json:"retract_reason"`
		Versions      []struct {
			ChangeNote string `json:"change_note"`
		}
	}
	json.Unmarshal(e.get(t, "/api/public/v1/facts/"+p.Slug).Body.Bytes(), &item)
	if item.Status != "retracted" || item.RetractReason != "Nguồn chính đã rút lại xác nhận" || len(item.Versions) != 2 || item.Versions[1].ChangeNote != "Bổ sung nguồn gốc clip năm 2020" {
		t.Fatalf("API item %+v", item)
	}
}

const xss = `<script>alert(1)</script><img src=x onerror=alert(2)>"'><svg onload=alert(3)>`

func TestXSSInert(t *testing.T) {
	e := newEnv(t)
	p := publish.Publication{Kind: publish.FactCheck, UnitID: e.Province.ID, Language: "vi",
		Title: "T " + xss, Summary: "S " + xss, BodyMD: "B " + xss + "\n\n[x](javascript:alert(4)) <a href=javascript:alert(5)>y</a>",
		ClaimReviewed: "C " + xss, Claimant: "K " + xss, Rating: claim.False, RatingText: "R " + xss,
		Tags: []string{"g " + xss}, Appearances: []string{"https://social.example/p?q=" + strings.ReplaceAll(xss, " ", "")},
		Citations: []publish.Citation{{URL: "https://moh.example.gov.vn/x", Title: "N " + xss}}}
	p = e.Publish(t, p)
	if _, err := e.Svc.Retract(context.Background(), e.Lead, p.ID, "W "+xss); err != nil {
		t.Fatal(err)
	}
	p2 := e.FactCheck("Second "+xss, "C2 "+xss)
	p2.Claimant, p2.RatingText = "K2 "+xss, "R2 "+xss
	p2 = e.Publish(t, p2)
	summary := "S2 " + xss
	if _, err := e.Svc.Update(context.Background(), e.Lead, p2.ID, publish.Edit{Summary: &summary}, "N "+xss); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/facts/" + p.Slug, "/facts/" + p2.Slug, "/facts", "/facts?q=" + "%3Cscript%3E", "/facts?tag=%3Cscript%3E", "/facts/%3Cscript%3E"} {
		w := e.get(t, path)
		bad, err := inert.Check(strings.NewReader(w.Body.String()))
		if err != nil || len(bad) > 0 {
			t.Errorf("%s: active content %v (%v)", path, bad, err)
		}
		if strings.Contains(w.Body.String(), "<script>alert") {
			t.Errorf("%s: raw script tag in output", path)
		}
	}
	// The payloads are on the page, as text.
	page := e.get(t, "/facts/"+p2.Slug).Body.String()
	for _, field := range []string{"Second ", "C2 ", "K2 ", "R2 ", "S2 ", "N "} {
		if !strings.Contains(page, field+"&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("page does not show the %q field as text", field)
		}
	}
	// The JSON-LD of the second one holds the payloads as data.
	m := ldRE.FindStringSubmatch(e.get(t, "/facts/"+p2.Slug).Body.String())
	var ld map[string]any
	if m == nil || json.Unmarshal([]byte(m[1]), &ld) != nil || dig(ld, "itemReviewed.author.name") != "K2 "+xss {
		t.Fatalf("JSON-LD with payloads: %v", m)
	}
	for _, path := range []string{"/facts.rss", "/facts.atom"} {
		body := e.get(t, path).Body.String()
		if _, err := gofeed.NewParser().ParseString(body); err != nil || strings.Contains(body, "<script>") {
			t.Errorf("%s: %v", path, err)
		}
	}
}

func TestLanguageNegotiation(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		path, accept, want string
	}{
		{"/facts", "", "Kiểm chứng"},
		{"/facts", "en-US,en;q=0.9", "Fact-checks"},
		{"/facts?lang=vi", "en", "Kiểm chứng"},
		{"/facts?lang=en", "", "Fact-checks"},
	} {
		w := e.get(t, c.path, "Accept-Language", c.accept)
		if !strings.Contains(w.Body.String(), "<h1>"+c.want+"</h1>") {
			t.Errorf("%s (Accept-Language %q): want heading %q", c.path, c.accept, c.want)
		}
	}
	if w := e.get(t, "/facts/nope?lang=en"); w.Code != 404 || !strings.Contains(w.Body.String(), "Page not found") {
		t.Errorf("missing page: %d", w.Code)
	}
}
