package casework

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"net/url"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/store"
)

// MailConfig is where notification e-mail goes out, parsed from a URL:
// smtp://user:password@host:587?from=desk@example.org (STARTTLS when the
// server offers it) or smtps://...:465 (TLS from the start).
type MailConfig struct {
	Addr     string // host:port
	Host     string
	Username string
	Password string
	From     string
	Implicit bool // smtps
}

// ParseMailURL reads a mail URL; errors name what is wrong.
func ParseMailURL(raw string) (MailConfig, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return MailConfig{}, fmt.Errorf("--smtp-url %q: want smtp://[user:password@]host[:port]?from=address (or smtps://)", raw)
	}
	c := MailConfig{Host: u.Hostname(), Implicit: u.Scheme == "smtps", From: u.Query().Get("from")}
	port := u.Port()
	if port == "" {
		port = "587"
		if c.Implicit {
			port = "465"
		}
	}
	c.Addr = net.JoinHostPort(c.Host, port)
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return MailConfig{}, fmt.Errorf("--smtp-url: the from= parameter must be an e-mail address (%q)", c.From)
	}
	return c, nil
}

// Mailer e-mails in-app notifications as they are made. It starts after
// the newest notification of the moment it starts, so a restart sends
// nothing twice (and a notification made while no mailer runs stays
// in-app only).
type Mailer struct {
	DB      *store.DB
	Config  MailConfig
	BaseURL string // for links to the case
	Clock   clock.Clock
	Logger  *slog.Logger
	Every   time.Duration
}

// Run sends until ctx ends.
func (m *Mailer) Run(ctx context.Context) error {
	after, err := m.DB.LastNotificationID(ctx)
	if err != nil {
		return err
	}
	every := m.Every
	if every <= 0 {
		every = 5 * time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		if after, err = m.SendAfter(ctx, after); err != nil && ctx.Err() == nil {
			m.Logger.Warn("notification e-mail", "err", err)
		}
	}
}

// SendAfter mails the notifications after id and returns the id of the
// last one handled. A message the server refuses is logged and skipped.
func (m *Mailer) SendAfter(ctx context.Context, after int64) (int64, error) {
	ns, err := m.DB.NotificationsAfter(ctx, after, 100)
	if err != nil {
		return after, err
	}
	for _, n := range ns {
		if err := m.send(n); err != nil {
			if isConnError(err) {
				return after, fmt.Errorf("mail server %s: %w", m.Config.Addr, err) // retried next time
			}
			m.Logger.Warn("notification e-mail refused", "notification", n.ID, "err", err)
		}
		after = n.ID
	}
	return after, nil
}

func isConnError(err error) bool {
	var ne net.Error
	var oe *net.OpError
	return errors.As(err, &ne) || errors.As(err, &oe)
}

func (m *Mailer) send(n store.MailNotification) error {
	subject, intro := "factdesk: ", "Notification from factdesk"
	if n.Locale == "vi" {
		intro = "Thông báo từ factdesk"
	}
	subject += n.Message
	body := intro + ":\r\n\r\n" + n.Message + "\r\n"
	if n.CaseID != 0 && m.BaseURL != "" {
		body += "\r\n" + strings.TrimRight(m.BaseURL, "/") + fmt.Sprintf("/cases/%d", n.CaseID) + "\r\n"
	}
	to := (&mail.Address{Name: n.Name, Address: n.Email}).String()
	msg := "From: " + m.Config.From + "\r\nTo: " + to + "\r\nSubject: " + mime.QEncoding.Encode("utf-8", subject) +
		"\r\nDate: " + m.Clock.Now().Format(time.RFC1123Z) + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n" +
		"Content-Transfer-Encoding: 8bit\r\nAuto-Submitted: auto-generated\r\n\r\n" + body
	return m.deliver(n.Email, []byte(msg))
}

func (m *Mailer) deliver(rcpt string, msg []byte) error {
	var conn net.Conn
	var err error
	d := net.Dialer{Timeout: 15 * time.Second}
	if m.Config.Implicit {
		conn, err = tls.DialWithDialer(&d, "tcp", m.Config.Addr, &tls.Config{ServerName: m.Config.Host})
	} else {
		conn, err = d.Dial("tcp", m.Config.Addr)
	}
	if err != nil {
		return err
	}
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	c, err := smtp.NewClient(conn, m.Config.Host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok && !m.Config.Implicit {
		if err := c.StartTLS(&tls.Config{ServerName: m.Config.Host}); err != nil {
			return err
		}
	}
	if m.Config.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", m.Config.Username, m.Config.Password, m.Config.Host)); err != nil {
			return err
		}
	}
	from, _ := mail.ParseAddress(m.Config.From)
	if err := c.Mail(from.Address); err != nil {
		return err
	}
	if err := c.Rcpt(rcpt); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}
