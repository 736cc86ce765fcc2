package config

import (
	"bytes"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	ok := Config{DataDir: "d", Addr: DefaultAddr}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := []struct {
		cfg  Config
		want string
	}{
		{Config{}, "--data"},
		{Config{DataDir: "d", DBURL: "mysql://x"}, "--db"},
		{Config{DataDir: "d", BaseURL: "example.org"}, "--base-url"},
		{Config{DataDir: "d", LogLevel: "loud"}, "--log-level"},
		{Config{DataDir: "d", LogFormat: "xml"}, "--log-format"},
		{Config{DataDir: "d", NATSURL: "http://x"}, "--nats"},
	}
	for _, b := range bad {
		err := b.cfg.Validate()
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%+v: got %v, want an error naming %s", b.cfg, err, b.want)
		}
	}
}

func TestLogger(t *testing.T) {
	var buf bytes.Buffer
	Config{LogFormat: "json", LogLevel: "warn"}.NewLogger(&buf).Info("hidden")
	Config{LogFormat: "json", LogLevel: "warn"}.NewLogger(&buf).Warn("shown", "k", 1)
	if out := buf.String(); strings.Contains(out, "hidden") || !strings.Contains(out, `"k":1`) {
		t.Fatalf("log output %q", out)
	}
}
