package inert

import (
	"strings"
	"testing"
)

func TestCheckFindsActiveContent(t *testing.T) {
	bad, err := Check(strings.NewReader(`<p onclick="x()">a</p><a href="javascript:1">b</a><script>1</script><script type="application/ld+json">{}</script><img src="https://x.example/a.png">`))
	if err != nil || len(bad) != 3 {
		t.Fatalf("Check = %v, %v; want 3 findings", bad, err)
	}
}
