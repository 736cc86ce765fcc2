package claim

import "testing"

func TestVerdictFromRating(t *testing.T) {
	for in, want := range map[string]Verdict{
		"False": False, "Sai": False, "Sai sự thật": False, "SAI SU THAT": False, "Fake": False, "Pants on Fire!": False,
		"Misleading": Misleading, "Gây hiểu lầm": Misleading, "Mostly False": Misleading, "mostly-false": Misleading,
		"Half True": MissingContext, "Missing context": MissingContext, "Thiếu bối cảnh": MissingContext,
		"Unproven": Unproven, "Unverified": Unproven, "Chưa kiểm chứng": Unproven, "Unsupported": Unproven,
		"True": True, "Đúng": True, "Correct": True, "Mostly True": True,
		"Sai: ảnh cũ từ năm 2019": False, "False. The photo is old": False, "“Misleading”": Misleading,
	} {
		if got, ok := VerdictFromRating(in); !ok || got != want {
			t.Errorf("%q: %q %v, want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "Satire", "Đúng một nửa?", "sai lầm lớn"} {
		if got, ok := VerdictFromRating(in); ok {
			t.Errorf("%q: %q, want unknown", in, got)
		}
	}
}

func TestVerdictFromScore(t *testing.T) {
	for _, c := range []struct {
		v, best, worst float64
		want           Verdict
		ok             bool
	}{
		{1, 5, 1, False, true}, {2, 5, 1, Misleading, true}, {3, 5, 1, MissingContext, true}, {4, 5, 1, True, true},
		{5, 5, 1, True, true}, {0, 5, 1, "", false}, {6, 5, 1, "", false}, {1, 1, 1, "", false}, {0, 10, 0, False, true},
	} {
		if got, ok := VerdictFromScore(c.v, c.best, c.worst); got != c.want || ok != c.ok {
			t.Errorf("%v in [%v,%v]: %q %v", c.v, c.worst, c.best, got, ok)
		}
	}
}

func TestNormalize(t *testing.T) {
	c := Claim{Text: "  Đà  Nẵng\u200b ngập ", Verdict: "FALSE", Appearances: []string{"https://a.example/x?utm_source=1", "https://a.example/x", " "},
		Tags: []string{" Lũ ", "lũ"}}
	if err := Normalize(&c); err != nil {
		t.Fatal(err)
	}
	if c.Text != "Đà Nẵng ngập" || c.Verdict != False || len(c.Appearances) != 1 || len(c.Tags) != 1 || c.Tags[0] != "lũ" || c.Key[:7] != "sha256:" {
		t.Fatalf("%+v", c)
	}
	d := Claim{Text: "đà nẵng NGẬP", Verdict: False}
	_ = Normalize(&d)
	if d.Key != c.Key {
		t.Fatalf("folded text should share a key: %q %q", d.Key, c.Key)
	}
	for _, bad := range []Claim{{Verdict: False}, {Text: "x", Verdict: "rumour"}, {Text: "x", Verdict: True, ReviewURL: "ftp://x"},
		{Text: "x", Verdict: True, Appearances: []string{"not a url"}}} {
		if err := Normalize(&bad); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
	if k := TextKey("https://a.example/r", "Claim A"); k != TextKey("https://a.example/r", " claim  a ") || k[:len("https://a.example/r#claim-")] != "https://a.example/r#claim-" {
		t.Fatalf("TextKey %q", k)
	}
}
