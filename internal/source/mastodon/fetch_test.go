package mastodon

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/netguard"
	"github.com/factdesk/factdesk/internal/source/connector"
)

var fetchTime = time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)

func testFetcher() *Fetcher {
	return New(connector.Deps{
		Client: netguard.New(netguard.Options{AllowLoopback: true}),
		Clock:  clock.NewFake(fetchTime),
	})
}

func TestFetchPublicLocalFirstFetch(t *testing.T) {
	in := newInstance(t)
	in.load("/api/v1/timelines/public", "public_local.json")
	res, err := testFetcher().Fetch(context.Background(), connector.Source{ID: 3, URL: in.srv.URL + "/public/local"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Posts) != 10 || res.Cursor != "114870359866949025" {
		t.Fatalf("%d posts, cursor %q", len(res.Posts), res.Cursor)
	}
	if got := in.paths(); len(got) != 1 || got[0] != "/api/v1/timelines/public?limit=40&local=true" {
		t.Errorf("requests %v", got)
	}
	for i, p := range res.Posts {
		if p.SourceID != 3 || p.Platform != "mastodon" || p.Text == "" || !strings.HasPrefix(p.ExternalID, "https://") {
			t.Errorf("post %d: %+v", i, p)
		}
		if i > 0 && p.PublishedAt.Before(res.Posts[i-1].PublishedAt) {
			t.Errorf("posts not oldest first")
		}
	}
	last := res.Posts[len(res.Posts)-1]
	if last.AuthorHandle != "@MisterHW@"+in.srv.Listener.Addr().String() || last.Lang != "en" {
		t.Errorf("author %q lang %q", last.AuthorHandle, last.Lang)
	}
	if !strings.Contains(last.Text, "https://assets.nexperia.com/documents/data-sheet/NHUMH11_1_2_SER.pdf") {
		t.Errorf("shortened link not restored: %q", last.Text)
	}
	if !hasNote(last.Notes, "reply to status 114870341462245939") {
		t.Errorf("notes %q", last.Notes)
	}
}

func TestFetchMinIDPaging(t *testing.T) {
	in := newInstance(t)
	in.load("/api/v1/timelines/tag/rstats", "account_statuses.json") // 20 statuses
	all := in.timelines["/api/v1/timelines/tag/rstats"]
	cursor := idOf(all[15]) // 15 statuses are newer
	for _, evil := range []bool{false, true} {
		in.evilPrev = evil
		in.requests = nil
		src := connector.Source{URL: in.srv.URL + "/tags/rstats", Cursor: cursor, Settings: map[string]string{"limit": "4"}}
		res, err := testFetcher().Fetch(context.Background(), src)
		if err != nil {
			t.Fatal(err)
		}
		if res.Cursor != idOf(all[0]) {
			t.Errorf("cursor %s, want newest %s", res.Cursor, idOf(all[0]))
		}
		// Four pages of four (MaxPages is five) cover the 15 newer statuses.
		if len(res.Posts) != 15 {
			t.Errorf("evil=%v: %d posts, want 15; requests %v", evil, len(res.Posts), in.paths())
		}
		for _, p := range in.paths() {
			if !strings.Contains(p, "min_id=") {
				t.Errorf("request without min_id: %s", p)
			}
		}
	}
}

func TestFetchAccount(t *testing.T) {
	in := newInstance(t)
	in.load("/api/v1/accounts/109302436954721982/statuses", "account_statuses.json")
	f := testFetcher()
	res, err := f.Fetch(context.Background(), connector.Source{URL: in.srv.URL + "/@schochastics"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Posts) != 20 {
		t.Fatalf("%d posts", len(res.Posts))
	}
	var reblog, media, card bool
	for _, p := range res.Posts {
		switch p.ExternalID {
		case "https://fosstodon.org/users/termehs/statuses/112525606646148711":
			reblog = true
			if p.AuthorHandle != "@termehs@"+in.srv.Listener.Addr().String() || p.Metrics["favourites"] != 4 || p.Metrics["reblogs"] != 1 ||
				!hasNote(p.Notes, "reblogged by @schochastics@") || p.URL != "https://fosstodon.org/@termehs/112525606646148711" {
				t.Errorf("reblog: %+v", p)
			}
			if !p.PublishedAt.Equal(time.Date(2024, 5, 29, 17, 41, 35, 945e6, time.UTC)) {
				t.Errorf("reblog date %v", p.PublishedAt)
			}
		case "https://fosstodon.org/users/schochastics/statuses/112894161752853938":
			media = strings.Contains(p.Text, "[image: Moving average of #rstats toots since October 2022.")
			card = strings.Contains(p.Text, "[link: GitHub - gesistsa/rtoot")
		}
	}
	if !reblog || !media || !card {
		t.Errorf("reblog %v media %v card %v", reblog, media, card)
	}
	// The account id is remembered: a second fetch skips the lookup.
	in.requests = nil
	if _, err := f.Fetch(context.Background(), connector.Source{URL: in.srv.URL + "/@schochastics", Cursor: res.Cursor}); err != nil {
		t.Fatal(err)
	}
	if got := in.paths(); len(got) != 1 || strings.Contains(got[0], "lookup") {
		t.Errorf("second fetch requests %v", got)
	}

	_, err = f.Fetch(context.Background(), connector.Source{URL: in.srv.URL + "/@nobody"})
	if !strings.Contains(err.Error(), "no account @nobody is known to") {
		t.Errorf("unknown account: %v", err)
	}
}

func TestFetchNeedsToken(t *testing.T) {
	in := newInstance(t)
	in.load("/api/v1/timelines/public", "public_local.json")
	in.needToken, in.token = true, "s3cret"
	f := testFetcher()
	_, err := f.Fetch(context.Background(), connector.Source{URL: in.srv.URL + "/public"})
	var he *connector.HTTPError
	if !errors.As(err, &he) || he.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(err.Error(), "this instance needs an access token for public timelines") {
		t.Fatalf("got %v", err)
	}
	res, err := f.Fetch(context.Background(), connector.Source{URL: in.srv.URL + "/public", Settings: map[string]string{"access_token": "s3cret"}})
	if err != nil || len(res.Posts) != 10 {
		t.Fatalf("with token: %d posts, %v", len(res.Posts), err)
	}
	_, err = f.Fetch(context.Background(), connector.Source{URL: in.srv.URL + "/public", Settings: map[string]string{"access_token": "wrong"}})
	if err == nil {
		t.Fatal("wrong token accepted")
	}
}

func TestFetchRetryAfter(t *testing.T) {
	in := newInstance(t)
	in.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	res, err := testFetcher().Fetch(context.Background(), connector.Source{URL: in.srv.URL + "/public", Cursor: "5"})
	if err == nil || res.RetryAfter != 30*time.Second || res.Cursor != "5" {
		t.Fatalf("res %+v err %v", res, err)
	}
}

func TestFetchSkipsBadStatus(t *testing.T) {
	in := newInstance(t)
	in.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`[{"id":"9","content":"<p>ok</p>","created_at":"2025-01-01T00:00:00Z","account":{"acct":"a"}},
			{"id":10,"content":"wrong id type"},
			{"id":"8","content":"<p>private</p>","visibility":"private"}]`))
	})
	res, err := testFetcher().Fetch(context.Background(), connector.Source{URL: in.srv.URL + "/public"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Posts) != 1 || res.Posts[0].Text != "ok" || len(res.Skipped) != 1 || res.Cursor != "9" {
		t.Fatalf("posts %+v skipped %v cursor %q", res.Posts, res.Skipped, res.Cursor)
	}
	if !strings.Contains(res.Skipped[0].Error(), "status 1 (id 10)") {
		t.Errorf("skip error: %v", res.Skipped[0])
	}
}

func hasNote(notes []string, sub string) bool {
	for _, n := range notes {
		if strings.Contains(n, sub) {
			return true
		}
	}
	return false
}
