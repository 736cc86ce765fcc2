// Package mastodon polls public Mastodon timelines: the federated or local
// public timeline, a hashtag timeline, or one account's statuses, paging
// forward with min_id from the newest id seen (kept as the source cursor).
//
// Source URL forms: https://instance/public, https://instance/public/local,
// https://instance/tags/NAME, https://instance/@user (see ParseURL).
// Settings: access_token (sent only to the instance; needed where public
// timelines are closed to anonymous readers, which answer HTTP 422),
// local=true (public and tag timelines), limit (1-40, default 40).
package mastodon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"sync"

	"github.com/factdesk/factdesk/internal/source/connector"
)

// MaxPages bounds how many pages one Fetch follows to catch up.
const MaxPages = 5

// Fetcher polls Mastodon sources.
type Fetcher struct {
	deps connector.Deps

	mu       sync.Mutex
	accounts map[string]string // "host acct" -> account id
}

// New returns a Fetcher; zero fields of deps get their defaults.
func New(deps connector.Deps) *Fetcher {
	return &Fetcher{deps: deps.WithDefaults(), accounts: map[string]string{}}
}

// Fetch returns statuses newer than src.Cursor (a status id), oldest first,
// and the newest id seen as the next cursor. Without a cursor it returns
// the latest page only (no backfill). Errors name the instance and explain
// 422 (token needed), 401/403 (token refused) and 404 (no such account).
func (f *Fetcher) Fetch(ctx context.Context, src connector.Source) (connector.Result, error) {
	res := connector.Result{Cursor: src.Cursor}
	t, err := ParseURL(src.URL)
	if err != nil {
		return res, err
	}
	limit := 40
	if n, err := strconv.Atoi(src.Setting("limit")); err == nil && n > 0 && n < 40 {
		limit = n
	}
	token := src.Setting("access_token")
	endpoint, err := f.endpoint(ctx, t, src, token, limit)
	if err != nil {
		res.RetryAfter = connector.RetryAfterOf(err)
		return res, err
	}
	next := endpoint
	if src.Cursor != "" {
		next = withParam(endpoint, "min_id", src.Cursor)
	}
	now := f.deps.Clock.Now()
	for page := 0; page < MaxPages && next != ""; page++ {
		statuses, raws, skipped, link, err := f.page(ctx, next, token, t)
		if err != nil {
			res.RetryAfter = connector.RetryAfterOf(err)
			return res, err
		}
		res.Skipped = append(res.Skipped, skipped...)
		for i, s := range statuses {
			res.Cursor = newerID(res.Cursor, s.ID)
			if !s.Public() {
				continue
			}
			p := ToPost(s, raws[i], t.Host, now)
			p.SourceID = src.ID
			res.Posts = append(res.Posts, p)
		}
		if src.Cursor == "" || len(statuses)+len(skipped) < limit {
			break // first fetch takes one page; a short page means we caught up
		}
		next = f.newerPage(endpoint, link, res.Cursor, t)
	}
	sort.SliceStable(res.Posts, func(i, j int) bool { return res.Posts[i].PublishedAt.Before(res.Posts[j].PublishedAt) })
	return res, nil
}

// endpoint returns the API URL of the timeline (without paging parameters).
func (f *Fetcher) endpoint(ctx context.Context, t Target, src connector.Source, token string, limit int) (string, error) {
	q := url.Values{}
	q.Set("limit", strconv.Itoa(limit))
	local := t.Local || src.BoolSetting("local")
	switch t.Timeline {
	case TimelinePublic:
		if local {
			q.Set("local", "true")
		}
		return t.Base + "/api/v1/timelines/public?" + q.Encode(), nil
	case TimelineTag:
		if local {
			q.Set("local", "true")
		}
		return t.Base + "/api/v1/timelines/tag/" + url.PathEscape(t.Tag) + "?" + q.Encode(), nil
	}
	id, err := f.accountID(ctx, t, token)
	if err != nil {
		return "", err
	}
	return t.Base + "/api/v1/accounts/" + url.PathEscape(id) + "/statuses?" + q.Encode(), nil
}

// accountID looks up (and remembers) the id of t.Acct on the instance.
func (f *Fetcher) accountID(ctx context.Context, t Target, token string) (string, error) {
	key := t.Host + " " + t.Acct
	f.mu.Lock()
	id, ok := f.accounts[key]
	f.mu.Unlock()
	if ok {
		return id, nil
	}
	u := t.Base + "/api/v1/accounts/lookup?acct=" + url.QueryEscape(t.Acct)
	resp, err := f.get(ctx, u, token, t)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var acct Account
	if err := json.NewDecoder(resp.Body).Decode(&acct); err != nil {
		return "", fmt.Errorf("mastodon: lookup @%s on %s: %w", t.Acct, t.Host, err)
	}
	if acct.ID == "" {
		return "", fmt.Errorf("mastodon: lookup @%s on %s: no account id in the answer", t.Acct, t.Host)
	}
	f.mu.Lock()
	f.accounts[key] = acct.ID
	f.mu.Unlock()
	return acct.ID, nil
}

// page GETs one page of statuses and its Link header.
func (f *Fetcher) page(ctx context.Context, u, token string, t Target) ([]Status, []json.RawMessage, []error, map[string]string, error) {
	resp, err := f.get(ctx, u, token, t)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("mastodon: read %s: %w", u, err)
	}
	statuses, raws, skipped, err := DecodeStatuses(b)
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("mastodon: %s: %w", u, err)
	}
	for i, e := range skipped {
		skipped[i] = fmt.Errorf("mastodon: %s: %w", u, e)
	}
	return statuses, raws, skipped, ParseLink(resp.Header.Get("Link")), nil
}

// newerPage returns the URL of the next newer page: the Link rel="prev" when
// it stays on the instance (the token must not leave it), else min_id=cursor.
func (f *Fetcher) newerPage(endpoint string, link map[string]string, cursor string, t Target) string {
	if prev := link["prev"]; prev != "" {
		if u, err := url.Parse(prev); err == nil && u.Scheme+"://"+u.Host == t.Base && u.Query().Get("min_id") != "" {
			return prev
		}
	}
	return withParam(endpoint, "min_id", cursor)
}

// get sends an authenticated GET and explains the errors Mastodon gives.
func (f *Fetcher) get(ctx context.Context, u, token string, t Target) (*http.Response, error) {
	h := http.Header{}
	h.Set("Accept", "application/json")
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	resp, err := f.deps.Get(ctx, u, h)
	var he *connector.HTTPError
	switch {
	case errors.As(err, &he):
		he.Hint = hint(he.StatusCode, token != "", t)
		if he.RetryAfter == 0 && he.StatusCode == http.StatusTooManyRequests {
			he.RetryAfter = connector.PollBackoff.Base
		}
		return nil, fmt.Errorf("mastodon: %w", err)
	case err != nil:
		return nil, fmt.Errorf("mastodon: fetch %s: %w", u, err)
	}
	if resp.StatusCode == http.StatusNotModified {
		resp.Body.Close()
		return nil, fmt.Errorf("mastodon: %s answered 304 to an unconditional request", u)
	}
	return resp, nil
}

func hint(status int, hasToken bool, t Target) string {
	switch status {
	case http.StatusUnprocessableEntity:
		return "this instance needs an access token for public timelines; add an access_token setting to the source"
	case http.StatusUnauthorized, http.StatusForbidden:
		if hasToken {
			return "the instance refused the access token; check or replace it"
		}
		return "this instance needs an access token; add an access_token setting to the source"
	case http.StatusNotFound:
		if t.Timeline == TimelineAccount {
			return fmt.Sprintf("no account @%s is known to %s", t.Acct, t.Host)
		}
		return fmt.Sprintf("%s does not serve this timeline (is it a Mastodon instance?)", t.Host)
	case http.StatusTooManyRequests:
		return "rate limited by the instance"
	}
	return ""
}

func withParam(u, k, v string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	q := p.Query()
	q.Set(k, v)
	p.RawQuery = q.Encode()
	return p.String()
}

// newerID returns the newer of two status ids. Mastodon ids are decimal
// strings; other servers use sortable strings; both order by length first.
func newerID(a, b string) string {
	if len(a) != len(b) {
		if len(a) > len(b) {
			return a
		}
		return b
	}
	if a > b {
		return a
	}
	return b
}
