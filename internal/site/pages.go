package site

import (
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/publish"
)

// pageSize is how many publications one page of a list shows.
const pageSize = 20

// itemView is a publication as the public pages show it.
type itemView struct {
	Kind          string
	Section       string // "/facts" or "/notices"
	Title         string
	URL           string
	Summary       string
	Language      string
	Tags          []string
	Rating        string
	RatingKey     string
	RatingText    string
	Published     string
	PublishedISO  string
	Updated       string
	Retracted     bool
	RetractReason string
	RetractedISO  string
	RetractedOn   string
	UnitName      string
	Version       int
}

type itemPage struct {
	itemView
	ClaimReviewed string
	Claimant      string
	ClaimDate     string
	Appearances   []string
	Citations     []publish.Citation
	Body          template.HTML
	Versions      []versionView
}

type versionView struct {
	Version int
	Date    string
	ISO     string
	Note    string
}

type listPage struct {
	Kind      string
	Items     []itemView
	Total     int
	Page      int
	Pages     int
	Prev      string
	Next      string
	Q         string
	Rating    string
	Tag       string
	ItemLang  string
	Unit      int64
	Ratings   []option
	Units     []option
	Languages []option
	Filtered  bool
}

type option struct {
	Value    string
	Key      string // i18n key, or "" to show Label
	Label    string
	Selected bool
}

func sectionOf(k publish.Kind) string {
	if k == publish.Notice {
		return "notices"
	}
	return "facts"
}

func (h *Handler) view(p publish.Publication, lang string, units map[int64]string) itemView {
	v := itemView{Kind: string(p.Kind), Section: "/" + sectionOf(p.Kind), Title: p.Title, URL: publish.PageURL("", p), Summary: p.Summary, Language: p.Language,
		Tags: p.Tags, Rating: string(p.Rating), RatingText: p.RatingText, Published: h.date(lang, p.PublishedAt),
		PublishedISO: p.PublishedAt.UTC().Format(time.RFC3339), Updated: h.date(lang, p.UpdatedAt),
		Retracted: p.Status == publish.Retracted, RetractReason: p.RetractReason, RetractedOn: h.date(lang, p.RetractedAt),
		RetractedISO: p.RetractedAt.UTC().Format(time.RFC3339), UnitName: units[p.UnitID], Version: p.Version}
	if p.Rating != "" {
		v.RatingKey = "claims.verdict." + string(p.Rating)
	}
	return v
}

func (h *Handler) date(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if lang == "vi" {
		return t.UTC().Format("02/01/2006")
	}
	return t.UTC().Format("2 January 2006")
}

func unitNames(units []auth.Unit) map[int64]string {
	m := make(map[int64]string, len(units))
	for _, u := range units {
		m[u.ID] = u.Name
	}
	return m
}

// filterOf reads the list filters of a request; a bad value is Invalid.
func filterOf(r *http.Request, kind publish.Kind) (publish.Filter, int, error) {
	q := r.URL.Query()
	f := publish.Filter{Kind: kind, Public: true, Query: q.Get("q"), Tag: q.Get("tag"), Lang: q.Get("language"), Limit: pageSize}
	if v := q.Get("rating"); v != "" {
		r, err := claim.ParseVerdict(v)
		if err != nil {
			return f, 0, apperr.Errorf(apperr.Invalid, "rating: %v", err)
		}
		f.Rating = string(r)
	}
	if v := q.Get("unit"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return f, 0, apperr.Errorf(apperr.Invalid, "unit: want a unit number")
		}
		f.UnitID = id
	}
	page := 1
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100000 {
			return f, 0, apperr.Errorf(apperr.Invalid, "page: want a page number")
		}
		page = n
	}
	f.Offset = (page - 1) * pageSize
	return f, page, nil
}

// list renders /facts or /notices.
func (h *Handler) list(r *http.Request, lang string, kind publish.Kind) (*response, error) {
	f, page, err := filterOf(r, kind)
	if err != nil {
		return nil, err
	}
	items, total, err := h.store.Publications(r.Context(), f)
	if err != nil {
		return nil, err
	}
	units, err := h.store.Units(r.Context())
	if err != nil {
		return nil, err
	}
	names := unitNames(units)
	d := listPage{Kind: string(kind), Total: total, Page: page, Pages: max(1, int(math.Ceil(float64(total)/pageSize))),
		Q: f.Query, Rating: f.Rating, Tag: f.Tag, ItemLang: f.Lang, Unit: f.UnitID,
		Filtered: f.Query != "" || f.Rating != "" || f.Tag != "" || f.Lang != "" || f.UnitID != 0}
	var last time.Time
	for _, p := range items {
		d.Items = append(d.Items, h.view(p, lang, names))
		if p.UpdatedAt.After(last) {
			last = p.UpdatedAt
		}
	}
	d.Ratings = append(d.Ratings, option{Value: "", Key: "site.any"})
	for _, v := range claim.Verdicts {
		d.Ratings = append(d.Ratings, option{Value: string(v), Key: "claims.verdict." + string(v), Selected: string(v) == f.Rating})
	}
	d.Languages = []option{{Value: "", Key: "site.any"}, {Value: "vi", Key: "locale.vi", Selected: f.Lang == "vi"}, {Value: "en", Key: "locale.en", Selected: f.Lang == "en"}}
	d.Units = append(d.Units, option{Value: "", Key: "site.any"})
	for _, u := range units {
		d.Units = append(d.Units, option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name, Selected: u.ID == f.UnitID})
	}
	pageURL := func(n int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		if n == 1 {
			q.Del("page")
		}
		if enc := q.Encode(); enc != "" {
			return r.URL.Path + "?" + enc
		}
		return r.URL.Path
	}
	if page > 1 {
		d.Prev = pageURL(page - 1)
	}
	if page < d.Pages {
		d.Next = pageURL(page + 1)
	}
	sec := sectionOf(kind)
	title := h.cat.T(lang, "site."+sec+".title")
	ld := layoutData{Title: title, Desc: h.cat.T(lang, "site."+sec+".lead"), Canonical: h.base + "/" + sec, Section: sec,
		Path: r.URL.Path, Feeds: h.feedLinks(lang, sec), Data: d}
	return h.render(http.StatusOK, "list", lang, ld, last)
}

func (h *Handler) feedLinks(lang, sec string) []feedLink {
	title := h.cat.T(lang, "site."+sec+".title")
	return []feedLink{{Type: "application/rss+xml", Title: title + " (RSS)", Href: "/" + sec + ".rss"},
		{Type: "application/atom+xml", Title: title + " (Atom)", Href: "/" + sec + ".atom"}}
}

// public returns the public publication of kind with the {slug} of r.
func (h *Handler) public(r *http.Request, kind publish.Kind) (publish.Publication, error) {
	p, err := h.store.PublicationBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return publish.Publication{}, err
	}
	if !p.Status.Public() || p.Kind != kind {
		return publish.Publication{}, apperr.Errorf(apperr.NotFound, "no such page")
	}
	return p, nil
}

// item renders /facts/{slug} or /notices/{slug}.
func (h *Handler) item(r *http.Request, lang string, kind publish.Kind) (*response, error) {
	p, err := h.public(r, kind)
	if err != nil {
		return nil, err
	}
	units, err := h.store.Units(r.Context())
	if err != nil {
		return nil, err
	}
	versions, err := h.store.PublicationVersions(r.Context(), p.ID)
	if err != nil {
		return nil, err
	}
	names := unitNames(units)
	d := itemPage{itemView: h.view(p, lang, names), ClaimReviewed: p.ClaimReviewed, Claimant: p.Claimant,
		ClaimDate: h.date(lang, p.ClaimDate), Appearances: p.Appearances, Citations: p.Citations, Body: publish.RenderMarkdown(p.BodyMD)}
	for i := len(versions) - 1; i >= 0; i-- {
		v := versions[i]
		d.Versions = append(d.Versions, versionView{Version: v.Version, Date: h.date(lang, v.PublishedAt), ISO: v.PublishedAt.Format(time.RFC3339), Note: v.ChangeNote})
	}
	pageURL := h.base + publish.PageURL("", p)
	publisher := h.publisher(units)
	ld := layoutData{Title: p.Title, Desc: p.Summary, Canonical: pageURL, Section: sectionOf(kind), Path: r.URL.Path,
		Feeds: h.feedLinks(lang, sectionOf(kind)), Data: d,
		OG: &openGraph{Type: "article", Title: p.Title, Description: p.Summary, URL: pageURL, SiteName: publisher,
			Locale: ogLocale(p.Language), Published: p.PublishedAt.UTC().Format(time.RFC3339), Modified: p.UpdatedAt.UTC().Format(time.RFC3339)}}
	if kind == publish.FactCheck && p.Status == publish.Published {
		author := names[p.UnitID]
		if author == "" {
			author = publisher
		}
		ld.JSONLD = script(ClaimReview(p, pageURL, author, publisher, h.base, h.cat.T(p.Language, d.RatingKey)))
	}
	return h.render(http.StatusOK, "item", lang, ld, p.UpdatedAt)
}

func ogLocale(lang string) string {
	switch lang {
	case "vi":
		return "vi_VN"
	case "en":
		return "en_US"
	}
	return lang
}

// feed renders the RSS or Atom feed of the newest 50 publications of kind.
func (h *Handler) feed(r *http.Request, lang string, kind publish.Kind, atom bool) (*response, error) {
	items, _, err := h.store.Publications(r.Context(), publish.Filter{Kind: kind, Public: true, Limit: 50})
	if err != nil {
		return nil, err
	}
	units, err := h.store.Units(r.Context())
	if err != nil {
		return nil, err
	}
	sec := sectionOf(kind)
	f := feed{Title: h.cat.T(lang, "site."+sec+".title"), Description: h.cat.T(lang, "site."+sec+".lead"), Lang: lang,
		PageURL: h.base + "/" + sec, Publisher: h.publisher(units)}
	var last time.Time
	for _, p := range items {
		title := p.Title
		if p.Status == publish.Retracted {
			title = h.cat.T(lang, "site.retracted") + ": " + title
		}
		f.Items = append(f.Items, feedItem{Title: title, URL: h.base + publish.PageURL("", p), Summary: p.Summary, Lang: p.Language,
			Tags: p.Tags, Published: p.PublishedAt, Updated: p.UpdatedAt})
		if p.UpdatedAt.After(last) {
			last = p.UpdatedAt
		}
	}
	if atom {
		f.SelfURL = h.base + "/" + sec + ".atom"
		return newResponse(http.StatusOK, "application/atom+xml; charset=utf-8", f.Atom(), last), nil
	}
	f.SelfURL = h.base + "/" + sec + ".rss"
	return newResponse(http.StatusOK, "application/rss+xml; charset=utf-8", f.RSS(), last), nil
}

// sitemap lists the public pages (up to 50,000, the sitemap limit).
func (h *Handler) sitemap(r *http.Request, _ string) (*response, error) {
	sm := sitemap{URLs: []sitemapURL{{Loc: h.base + "/facts"}, {Loc: h.base + "/notices"}}}
	var last time.Time
	for off := 0; off < 50000; off += 1000 {
		items, _, err := h.store.Publications(r.Context(), publish.Filter{Public: true, Limit: 1000, Offset: off})
		if err != nil {
			return nil, err
		}
		for _, p := range items {
			sm.URLs = append(sm.URLs, sitemapURL{Loc: h.base + publish.PageURL("", p), LastMod: p.UpdatedAt.UTC().Format(time.RFC3339)})
			if p.UpdatedAt.After(last) {
				last = p.UpdatedAt
			}
		}
		if len(items) < 1000 {
			break
		}
	}
	return newResponse(http.StatusOK, "application/xml; charset=utf-8", encodeXML(sm), last), nil
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, APIPrefix+"/") }
