package connector

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"
)

// Get sends a GET for rawURL with the User-Agent and extra headers, after
// waiting for the per-host limiter. A non-2xx answer other than 304 becomes
// an *HTTPError (its body closed). The caller closes a returned response.
func (d Deps) Get(ctx context.Context, rawURL string, header http.Header) (*http.Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	if d.Limiter != nil {
		if err := d.Limiter.Wait(ctx, u.Host); err != nil {
			return nil, err
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", d.UserAgent)
	resp, err := d.Client.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusNotModified || resp.StatusCode/100 == 2 {
		return resp, nil
	}
	defer resp.Body.Close()
	return nil, NewHTTPError(resp, d.Clock.Now())
}

// RetryAfterOf returns the Retry-After carried by err, if any.
func RetryAfterOf(err error) time.Duration {
	var he *HTTPError
	if errors.As(err, &he) {
		return he.RetryAfter
	}
	return 0
}
