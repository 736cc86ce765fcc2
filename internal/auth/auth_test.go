package auth

import (
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
)

func TestPasswordRoundTrip(t *testing.T) {
	h, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckPassword(h, "correct horse battery staple"); err != nil {
		t.Fatalf("right password refused: %v", err)
	}
	if err := CheckPassword(h, "correct horse battery stapl"); err != ErrPasswordMismatch {
		t.Fatalf("wrong password: %v", err)
	}
	if err := CheckPassword("$2a$10$bcrypt", "x"); err == nil || err == ErrPasswordMismatch {
		t.Fatalf("foreign hash format: %v", err)
	}
	h2, _ := HashPassword("correct horse battery staple")
	if h == h2 {
		t.Fatal("hashes must be salted")
	}
}

func TestValidatePassword(t *testing.T) {
	if ValidatePassword("short") == nil {
		t.Fatal("short password accepted")
	}
	if err := ValidatePassword("mật khẩu dài đủ"); err != nil {
		t.Fatal(err)
	}
}

func TestRoles(t *testing.T) {
	if !Admin.AtLeast(Lead) || Viewer.AtLeast(Analyst) || Role("boss").AtLeast(Viewer) {
		t.Fatal("role order")
	}
	if _, err := ParseRole("Editor"); err != nil {
		t.Fatal(err)
	}
	if _, err := ParseRole("owner"); err == nil {
		t.Fatal("unknown role accepted")
	}
}

func TestLimiter(t *testing.T) {
	c := clock.NewFake(time.Unix(1000, 0))
	l := NewLimiter(c, 3, time.Minute)
	for range 3 {
		if ok, _ := l.Allow("ip"); !ok {
			t.Fatal("refused too early")
		}
		l.Fail("ip")
	}
	ok, wait := l.Allow("ip")
	if ok || wait != time.Minute {
		t.Fatalf("ok=%v wait=%v", ok, wait)
	}
	if ok, _ := l.Allow("other"); !ok {
		t.Fatal("keys must be independent")
	}
	c.Advance(time.Minute)
	if ok, _ := l.Allow("ip"); !ok {
		t.Fatal("window did not slide")
	}
}

func TestTokenHash(t *testing.T) {
	s, h := NewTokenSecret()
	if HashToken(s) != h || len(s) < 40 {
		t.Fatal("token hash")
	}
}
