package casework

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/store"
)

// Webhook headers.
const (
	SignatureHeader = "X-Factdesk-Signature" // "sha256=" + hex HMAC-SHA256 of the body under the webhook's secret
	EventHeader     = "X-Factdesk-Event"
	DeliveryHeader  = "X-Factdesk-Delivery"
)

// MaxAttempts is how many times a delivery is tried before it is given up.
const MaxAttempts = 8

// Sign is the signature header value of body under secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Backoff is the wait before attempt n+1 after n failed attempts:
// 10 s, 20 s, 40 s, ... capped at one hour.
func Backoff(n int) time.Duration {
	d := 10 * time.Second << min(n, 9)
	return min(d, time.Hour)
}

// Dispatcher delivers queued webhook events: a JSON POST signed with
// HMAC-SHA256, retried with backoff on failure or a non-2xx answer.
type Dispatcher struct {
	DB     *store.DB
	Client *http.Client // must refuse private addresses unless allowed (netguard.New)
	Clock  clock.Clock
	Logger *slog.Logger
	Every  time.Duration // how often to look for due deliveries (default 2 s)
}

// Run delivers until ctx ends.
func (d *Dispatcher) Run(ctx context.Context) {
	every := d.Every
	if every <= 0 {
		every = 2 * time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := d.DeliverDue(ctx); err != nil && ctx.Err() == nil {
			d.Logger.Warn("webhook deliveries", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// DeliverDue makes one attempt at every due delivery and returns how many
// were delivered.
func (d *Dispatcher) DeliverDue(ctx context.Context) (int, error) {
	due, err := d.DB.DueDeliveries(ctx, 50)
	if err != nil {
		return 0, err
	}
	ok := 0
	for _, dl := range due {
		status, err := d.post(ctx, dl)
		if err == nil {
			ok++
			if err := d.DB.DeliveryResult(ctx, dl.ID, true, status, "", time.Time{}); err != nil {
				return ok, err
			}
			continue
		}
		var next time.Time
		if dl.Attempts+1 < MaxAttempts {
			next = d.Clock.Now().Add(Backoff(dl.Attempts))
		}
		d.Logger.Info("webhook delivery failed", "delivery", dl.ID, "webhook", dl.WebhookID, "attempt", dl.Attempts+1, "err", err)
		if err := d.DB.DeliveryResult(ctx, dl.ID, false, status, err.Error(), next); err != nil {
			return ok, err
		}
	}
	return ok, nil
}

func (d *Dispatcher) post(ctx context.Context, dl store.Delivery) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, dl.URL, bytes.NewReader(dl.Payload))
	if err != nil {
		return 0, fmt.Errorf("webhook %d: %w", dl.WebhookID, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "factdesk-webhook")
	req.Header.Set(SignatureHeader, Sign(dl.Secret, dl.Payload))
	req.Header.Set(EventHeader, dl.Event)
	req.Header.Set(DeliveryHeader, strconv.FormatInt(dl.ID, 10))
	resp, err := d.Client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("answered %s", resp.Status)
	}
	return resp.StatusCode, nil
}
