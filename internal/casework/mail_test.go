package casework_test

import (
	"bufio"
	"context"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/casework"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

// smtpSink is a minimal SMTP server that keeps what it is sent: enough of
// RFC 5321 for net/smtp (EHLO, MAIL, RCPT, DATA, QUIT).
type smtpSink struct {
	ln   net.Listener
	mu   sync.Mutex
	rcpt []string
	data []string
}

func newSMTPSink(t *testing.T) *smtpSink {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpSink{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *smtpSink) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	say := func(line string) { c.Write([]byte(line + "\r\n")) }
	say("220 sink ready")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250 sink")
		case strings.HasPrefix(cmd, "MAIL FROM"):
			say("250 ok")
		case strings.HasPrefix(cmd, "RCPT TO"):
			s.mu.Lock()
			s.rcpt = append(s.rcpt, strings.TrimSpace(line[8:]))
			s.mu.Unlock()
			say("250 ok")
		case cmd == "DATA":
			say("354 go on")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			s.mu.Lock()
			s.data = append(s.data, b.String())
			s.mu.Unlock()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

func TestMailerSendsNotifications(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC))
	db := storetest.OpenSQLite(t, clk)
	ctx := context.Background()
	o := newOrg(t, db, clk)
	sink := newSMTPSink(t)
	cfg, err := casework.ParseMailURL("smtp://" + sink.ln.Addr().String() + "?from=desk@example.org")
	if err != nil {
		t.Fatal(err)
	}
	m := &casework.Mailer{DB: db, Config: cfg, BaseURL: "https://desk.example.org", Clock: clk, Logger: discard()}
	start, _ := db.LastNotificationID(ctx)
	cs, _ := o.svc.Create(ctx, o.users["hc:analyst"], casework.NewCase{Title: "Đê Hội An bị vỡ?", PostIDs: []int64{o.postHC}})
	ed := o.users["hc:editor"].UserID
	if _, err := o.svc.Update(ctx, o.users["hc:lead"], cs.ID, casework.Patch{AssigneeID: &ed}); err != nil {
		t.Fatal(err)
	}
	last, err := m.SendAfter(ctx, start)
	if err != nil || last == start {
		t.Fatalf("send: %d %v", last, err)
	}
	sink.mu.Lock()
	defer sink.mu.Unlock()
	if len(sink.data) != 1 || !strings.Contains(sink.rcpt[0], "hc-editor@example.org") {
		t.Fatalf("mail: rcpt %v, %d messages", sink.rcpt, len(sink.data))
	}
	msg := sink.data[0]
	for _, want := range []string{"From: desk@example.org", "Subject: =?utf-8?q?", "https://desk.example.org/cases/", "Đê Hội An"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	if again, _ := m.SendAfter(ctx, last); again != last {
		t.Fatalf("sent twice")
	}
}

func TestParseMailURL(t *testing.T) {
	for _, bad := range []string{"http://x", "smtp://", "smtp://host", "smtp://host?from=nope"} {
		if _, err := casework.ParseMailURL(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	c, err := casework.ParseMailURL("smtps://u:p@mail.example.org?from=desk@example.org")
	if err != nil || c.Addr != "mail.example.org:465" || !c.Implicit || c.Password != "p" {
		t.Fatalf("%+v %v", c, err)
	}
}
